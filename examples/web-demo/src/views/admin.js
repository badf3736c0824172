/** The admin view: sessions, refunds and revenue. */

import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { describeEndReason, formatDuration, formatMoney, formatTime, parseRupees, serviceLabel } from '../format.js';
import { asList, asSession } from '../session.js';
import { on } from '../state.js';

/**
 * @param {HTMLElement} root
 * @returns {() => void}
 */
export function renderAdmin(root) {
  const revenue = h('dl', { class: 'stats', 'data-testid': 'revenue' });
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
        ['When', 'Service', 'Status', 'Duration', 'Charged', 'Consultant', 'Commission', 'Refund'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    tbody,
  );

  async function loadRevenue() {
    try {
      const r = /** @type {Record<string, unknown>} */ (await api.adminRevenue());
      const entries = Object.entries(r ?? {}).filter(([, v]) => typeof v === 'number');
      mount(
        revenue,
        entries.map(([k, v]) =>
          h(
            'div',
            { class: 'stat' },
            h(
              'dt',
              {},
              k.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()),
            ),
            h(
              'dd',
              { 'data-testid': `revenue-${k}` },
              /count|sessions|seconds/i.test(k) ? String(v) : formatMoney(/** @type {number} */ (v)),
            ),
          ),
        ),
      );
    } catch (e) {
      mount(revenue, h('p', { class: 'form-error' }, /** @type {Error} */ (e).message));
    }
  }

  async function loadSessions() {
    try {
      const list = asList(await api.adminSessions()).map(asSession);
      if (list.length === 0) {
        mount(tbody, h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No sessions yet.')));
        return;
      }
      mount(tbody, list.map(renderRow));
    } catch (e) {
      mount(tbody, h('tr', {}, h('td', { colspan: 8, class: 'form-error' }, /** @type {Error} */ (e).message)));
    }
  }

  /** @param {import('../session.js').Session} s */
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
            await api.adminRefund(s.id, paise);
            toast('Refund issued', 'success');
            await Promise.all([loadSessions(), loadRevenue()]);
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
      h('td', { 'data-label': 'Refund' }, s.status === 'ended' && (sum.userCharged ?? 0) > 0 ? refund : '—'),
    );
  }

  mount(
    root,
    h(
      'div',
      { class: 'view view-admin', 'data-testid': 'admin-view' },
      h(
        'div',
        { class: 'section-head row-between' },
        h('div', {}, h('h1', {}, 'Operations'), h('p', { class: 'muted' }, 'Sessions, refunds and platform revenue.')),
        h(
          'button',
          { type: 'button', class: 'btn btn-ghost', onclick: () => void Promise.all([loadSessions(), loadRevenue()]) },
          'Refresh',
        ),
      ),
      h('section', { class: 'card' }, h('h2', {}, 'Revenue'), revenue),
      h('section', { class: 'card' }, h('h2', {}, 'Sessions'), h('div', { class: 'table-wrap' }, table)),
    ),
  );
  void loadRevenue();
  void loadSessions();
  const off = on('consultation.ended', () => void Promise.all([loadSessions(), loadRevenue()]));
  return () => off();
}
