/** The admin's sessions table: every consultation, who took part, what it charged and refunded, and a refund of it. */

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { describeEndReason, formatDuration, formatMoney, formatTime, serviceLabel } from '../../format.js';
import { asList } from '../../session.js';
import { creditNoteLink, hasInvoice, invoiceLink } from '../../tax-documents.js';
import { openRefundDialog } from './refund-dialog.js';

const COLUMNS = [
  'When',
  'User',
  'Consultant',
  'Service',
  'Status',
  'Duration',
  'Charged',
  'Refunded',
  'Commission',
  'Refund',
];

/**
 * @param {{ onRefunded: () => void, onUsers: (userIds: string[]) => void }} deps
 *   `onRefunded` hears every session refund; `onUsers` hears the users the sessions name
 */
export function createSessions({ onRefunded, onUsers }) {
  const tbody = h('tbody', { 'data-testid': 'admin-sessions' });
  const table = h(
    'table',
    { class: 'table' },
    h('caption', { class: 'sr-only' }, 'Consultation sessions, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        COLUMNS.map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    tbody,
  );
  const el = h('section', { class: 'card' }, h('h2', {}, 'Sessions'), h('div', { class: 'table-wrap' }, table));

  /** Credit notes of the refunds made on this page, by session id. */
  const creditNotes = new Map();

  /** @param {string} text @param {string} [cls] */
  const message = (text, cls = 'muted') => h('tr', {}, h('td', { colspan: COLUMNS.length, class: cls }, text));

  /** Reads the sessions again. */
  async function update() {
    try {
      const list = /** @type {any[]} */ (asList(await api.adminSessions()));
      onUsers([...new Set(list.map((s) => s.userId))]);
      if (list.length === 0) mount(tbody, message('No sessions yet.'));
      else mount(tbody, list.map(renderRow));
    } catch {
      mount(tbody, message('The sessions could not be loaded. Press Refresh to try again.', 'form-error'));
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
              'aria-label': `Refund the consultation of ${s.userName ?? 'this user'} with ${s.consultantName ?? 'this consultant'}`,
              onclick: () =>
                openRefundDialog(s, (answer) => {
                  if (answer.creditNote) creditNotes.set(s.id, [...(creditNotes.get(s.id) ?? []), answer.creditNote]);
                  row.replaceWith(renderRow(answer.session));
                  const note = answer.creditNote ? ` Credit note ${answer.creditNote} is issued.` : '';
                  toast(`Refunded ${formatMoney(answer.refunded)} to ${s.userName ?? 'the user'}.${note}`, 'success');
                  onRefunded();
                }),
            },
            'Refund…',
          )
        : h('span', { class: 'muted' }, Number(s.refunded ?? 0) > 0 ? 'Refunded in full' : '—');
    const row = h(
      'tr',
      { 'data-testid': 'admin-session', dataset: { session: s.id } },
      h('td', { 'data-label': 'When' }, formatTime(s.requestedAt, true)),
      h('td', { 'data-label': 'User', 'data-testid': 'session-user' }, s.userName ?? 'Account removed'),
      h(
        'td',
        { 'data-label': 'Consultant', 'data-testid': 'session-consultant' },
        s.consultantName ?? 'Account removed',
      ),
      h('td', { 'data-label': 'Service' }, serviceLabel(s.service)),
      h('td', { 'data-label': 'Status' }, s.status === 'ended' ? describeEndReason(s.endReason) : s.status),
      h('td', { 'data-label': 'Duration' }, formatDuration(sum.secondsBilled ?? 0)),
      h('td', { 'data-label': 'Charged' }, formatMoney(sum.totalCharged ?? 0)),
      h('td', { 'data-label': 'Refunded', 'data-testid': 'session-refunded' }, formatMoney(Number(s.refunded ?? 0))),
      h('td', { 'data-label': 'Commission' }, formatMoney(sum.commission ?? 0)),
      h(
        'td',
        { 'data-label': 'Refund' },
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
