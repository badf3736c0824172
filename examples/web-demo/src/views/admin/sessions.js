/** The admin's sessions table: every consultation, who took part, what it charged and refunded, and a refund of it. */

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { describeEndReason, formatDuration, formatMoney, formatTime, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';
import { asList } from '../../session.js';
import { creditNoteLink, hasInvoice, invoiceLink } from '../../tax-documents.js';
import { openRefundDialog } from './refund-dialog.js';

/** The table's columns, each headed by `sessions.column.<column>` in the locales. */
const COLUMNS = [
  'when',
  'user',
  'consultant',
  'service',
  'status',
  'duration',
  'charged',
  'refunded',
  'commission',
  'refund',
];
/** A column's heading, also each cell's label on a phone. @param {string} column */
const heading = (column) => t(`sessions.column.${column}`);

/**
 * @param {{ onRefunded: () => void, onUsers: (userIds: string[]) => void }} deps
 *   `onRefunded` hears every session refund; `onUsers` hears the users the sessions name
 */
export function createSessions({ onRefunded, onUsers }) {
  const tbody = h('tbody', { 'data-testid': 'admin-sessions' });
  const table = h(
    'table',
    { class: 'table' },
    h('caption', { class: 'sr-only' }, t('sessions.caption')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        COLUMNS.map((column) => h('th', { scope: 'col' }, heading(column))),
      ),
    ),
    tbody,
  );
  const el = h(
    'section',
    { class: 'card' },
    h('h2', {}, t('sessions.title')),
    h('div', { class: 'table-wrap' }, table),
  );

  /** Credit notes of the refunds made on this page, by session id. */
  const creditNotes = new Map();

  /** @param {string} text @param {string} [cls] */
  const message = (text, cls = 'muted') => h('tr', {}, h('td', { colspan: COLUMNS.length, class: cls }, text));

  /** Reads the sessions again. */
  async function update() {
    try {
      const list = /** @type {any[]} */ (asList(await api.adminSessions()));
      onUsers([...new Set(list.map((s) => s.userId))]);
      if (list.length === 0) mount(tbody, message(t('sessions.empty')));
      else mount(tbody, list.map(renderRow));
    } catch {
      mount(tbody, message(t('sessions.loadFailed'), 'form-error'));
    }
  }

  /** @param {any} s a session as `GET /api/admin/sessions` lists it */
  function renderRow(s) {
    const sum = s.summary ?? {};
    const refundable = Number(s.refundable ?? 0);
    const refund =
      refundable > 0
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-ghost btn-sm',
              'data-testid': 'refund-open',
              'aria-label': t('sessions.refundLabel', {
                user: s.userName ?? t('sessions.thisUser'),
                consultant: s.consultantName ?? t('sessions.thisConsultant'),
              }),
              onclick: () =>
                openRefundDialog(s, (answer) => {
                  if (answer.creditNote) creditNotes.set(s.id, [...(creditNotes.get(s.id) ?? []), answer.creditNote]);
                  row.replaceWith(renderRow(answer.session));
                  const note = answer.creditNote ? ` ${t('sessions.creditNote', { number: answer.creditNote })}` : '';
                  toast(
                    `${t('sessions.refunded', { money: formatMoney(answer.refunded), user: s.userName ?? t('sessions.theUser') })}${note}`,
                    'success',
                  );
                  onRefunded();
                }),
            },
            t('sessions.refundButton'),
          )
        : h('span', { class: 'muted' }, Number(s.refunded ?? 0) > 0 ? t('sessions.refundedInFull') : '—');
    const row = h(
      'tr',
      { 'data-testid': 'admin-session', dataset: { session: s.id } },
      h('td', { 'data-label': heading('when') }, formatTime(s.requestedAt, true)),
      h(
        'td',
        { 'data-label': heading('user'), 'data-testid': 'session-user' },
        s.userName ?? t('sessions.accountRemoved'),
      ),
      h(
        'td',
        { 'data-label': heading('consultant'), 'data-testid': 'session-consultant' },
        s.consultantName ?? t('sessions.accountRemoved'),
      ),
      h('td', { 'data-label': heading('service') }, serviceLabel(s.service)),
      h('td', { 'data-label': heading('status') }, s.status === 'ended' ? describeEndReason(s.endReason) : s.status),
      h('td', { 'data-label': heading('duration') }, formatDuration(sum.secondsBilled ?? 0)),
      h('td', { 'data-label': heading('charged') }, formatMoney(sum.totalCharged ?? 0)),
      h(
        'td',
        { 'data-label': heading('refunded'), 'data-testid': 'session-refunded' },
        formatMoney(Number(s.refunded ?? 0)),
      ),
      h('td', { 'data-label': heading('commission') }, formatMoney(sum.commission ?? 0)),
      h(
        'td',
        { 'data-label': heading('refund') },
        h(
          'div',
          { class: 'refund-cell' },
          refund,
          hasInvoice(s)
            ? h(
                'div',
                { class: 'document-links' },
                invoiceLink(s.id),
                (creditNotes.get(s.id) ?? []).map(creditNoteLink),
              )
            : null,
        ),
      ),
    );
    return row;
  }

  return { el, update };
}
