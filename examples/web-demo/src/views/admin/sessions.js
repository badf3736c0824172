/** The admin's sessions table: every consultation, what it charged, and a refund of it. */

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { describeEndReason, formatDuration, formatMoney, formatTime, parseRupees, serviceLabel } from '../../format.js';
import { asList, asSession } from '../../session.js';
import { creditNoteLink, hasInvoice, invoiceLink } from '../../tax-documents.js';

const COLUMNS = ['When', 'Service', 'Status', 'Duration', 'Charged', 'Consultant', 'Commission', 'Refund'];

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
      const list = asList(await api.adminSessions()).map(asSession);
      onUsers([...new Set(list.map((s) => s.userId))]);
      if (list.length === 0) mount(tbody, message('No sessions yet.'));
      else mount(tbody, list.map(renderRow));
    } catch (e) {
      mount(tbody, message(/** @type {Error} */ (e).message, 'form-error'));
    }
  }

  /** @param {import('../../session.js').Session} s */
  function renderRow(s) {
    const sum = s.summary ?? {};
    const amount = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'text',
        inputmode: 'decimal',
        class: 'input-sm',
        placeholder: 'Full',
        'aria-label': `Refund amount for session ${s.id} in rupees`,
      })
    );
    const refund = h(
      'form',
      {
        class: 'inline-form',
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const paise = amount.value.trim() ? parseRupees(amount.value) : undefined;
          if (paise === null) {
            toast('Enter a refund amount in rupees, or leave empty for a full refund', 'error');
            return;
          }
          try {
            const refunded = await api.adminRefund(s.id, paise);
            if (refunded?.creditNote) creditNotes.set(s.id, [...(creditNotes.get(s.id) ?? []), refunded.creditNote]);
            toast(
              refunded?.creditNote ? `Refund issued with credit note ${refunded.creditNote}` : 'Refund issued',
              'success',
            );
            onRefunded();
            await update();
          } catch (e) {
            toast(/** @type {Error} */ (e).message, 'error');
          }
        },
      },
      amount,
      h('button', { type: 'submit', class: 'btn btn-ghost btn-sm', 'aria-label': `Refund session ${s.id}` }, 'Refund'),
    );
    return h(
      'tr',
      { 'data-testid': 'admin-session', dataset: { session: s.id } },
      h('td', { 'data-label': 'When' }, formatTime(s.requestedAt, true)),
      h('td', { 'data-label': 'Service' }, serviceLabel(s.service)),
      h('td', { 'data-label': 'Status' }, s.status === 'ended' ? describeEndReason(s.endReason) : s.status),
      h('td', { 'data-label': 'Duration' }, formatDuration(sum.secondsBilled ?? 0)),
      h('td', { 'data-label': 'Charged' }, formatMoney(sum.totalCharged ?? 0)),
      h('td', { 'data-label': 'Consultant' }, formatMoney(sum.consultantShare ?? 0)),
      h('td', { 'data-label': 'Commission' }, formatMoney(sum.commission ?? 0)),
      h(
        'td',
        { 'data-label': 'Refund' },
        h(
          'div',
          { class: 'refund-cell' },
          s.status === 'ended' && (sum.userCharged ?? 0) > 0 ? refund : '—',
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
  }

  return { el, update };
}
