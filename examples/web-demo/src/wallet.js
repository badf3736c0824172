/** The user's wallet statement: one row per consultation (expandable to its intervals), top-ups and refunds, newest first. */

import { api } from './api.js';
import { h, mount } from './dom.js';
import { formatMoney, formatTime, serviceLabel } from './format.js';
import { currentLocale, t } from './i18n.js';

/** The ledger kinds with their own words (`statement.kind.<kind>`). */
const KINDS = new Set(['topup', 'split', 'transfer', 'refund']);

/** @param {number} amount */
const signed = (amount) => `${amount >= 0 ? '+' : ''}${formatMoney(amount)}`;

/** @param {any} row a row of `GET /api/wallet/statement/consultations` */
function labelOf(row) {
  const name = row.counterpartName;
  const service = serviceLabel(row.service ?? 'chat');
  if (row.kind === 'consultation') return name ? t('statement.serviceWith', { service, name }) : service;
  // A refunded top-up leaves the wallet for the card or account it came from.
  if (row.kind === 'refund' && typeof row.metadata?.orderId === 'string') return t('statement.topUpRefunded');
  if (row.kind === 'refund' && row.sessionId)
    return name ? t('statement.refundWith', { name }) : t('statement.refundOfConsultation');
  return KINDS.has(row.kind) ? t(`statement.kind.${row.kind}`) : t('statement.kind.other');
}

/** A time of day to the second: intervals are seconds apart. @param {number} when epoch ms */
const clockTime = (when) =>
  new Date(when).toLocaleTimeString(currentLocale(), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

/** @param {number} count */
const intervalsText = (count) => t('statement.intervals', { count });

/**
 * The statement list with "load more".
 * @returns {{ el: HTMLElement, reload: () => Promise<void> }}
 */
export function createStatement() {
  const list = h('ol', { class: 'statement', 'data-testid': 'statement' });
  const more = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'btn btn-ghost btn-block', hidden: true, onclick: () => load(false) },
      t('statement.loadMore'),
    )
  );
  /** @type {string | null} */
  let cursor = null;
  const el = h('div', { class: 'statement-wrap' }, list, more);

  /** @param {boolean} fresh */
  async function load(fresh) {
    try {
      const page = /** @type {any} */ (await api.groupedStatement(fresh ? undefined : (cursor ?? undefined)));
      const rows = page?.rows ?? [];
      if (fresh) list.replaceChildren();
      for (const row of rows) list.append(renderRow(row));
      cursor = page?.nextCursor ?? null;
      more.hidden = !cursor;
      if (fresh && rows.length === 0) mount(list, h('li', { class: 'muted' }, t('statement.empty')));
    } catch {
      const retry = h(
        'button',
        { type: 'button', class: 'btn btn-ghost', onclick: () => load(fresh) },
        t('common.tryAgain'),
      );
      const problem = h('li', { class: 'form-error', role: 'alert' }, `${t('statement.loadFailed')} `, retry);
      if (fresh) mount(list, problem);
      else list.append(problem);
    }
  }

  /** @param {any} row */
  function renderRow(row) {
    const total = Number(row.total);
    const consultation = row.kind === 'consultation' && row.sessionId;
    const when = consultation
      ? `${formatTime(row.firstAt, true)} · ${intervalsText(Number(row.count))}`
      : formatTime(row.lastAt, true);
    const intervals = h('ol', { class: 'statement-intervals', hidden: true, 'data-testid': 'statement-intervals' });
    const toggle = consultation
      ? h(
          'button',
          {
            type: 'button',
            class: 'link-button small',
            'aria-expanded': 'false',
            'data-testid': 'statement-expand',
            onclick: () => toggleIntervals(/** @type {HTMLButtonElement} */ (toggle), intervals, row.sessionId),
          },
          t('statement.showIntervals'),
        )
      : null;
    return h(
      'li',
      { class: 'statement-item', 'data-testid': 'statement-row', dataset: { kind: String(row.kind ?? '') } },
      h(
        'div',
        { class: 'statement-row' },
        h('div', {}, h('p', { class: 'statement-kind' }, labelOf(row)), h('p', { class: 'muted small' }, when), toggle),
        h(
          'div',
          { class: 'statement-amounts' },
          h('p', { class: total >= 0 ? 'credit' : 'debit' }, signed(total)),
          row.balanceAfter === null
            ? null
            : h('p', { class: 'muted small' }, t('statement.balanceAfter', { money: formatMoney(row.balanceAfter) })),
        ),
      ),
      intervals,
    );
  }

  /**
   * Shows or hides a consultation's intervals; they are fetched each time they are shown.
   * @param {HTMLButtonElement} toggle
   * @param {HTMLElement} intervals
   * @param {string} sessionId
   */
  async function toggleIntervals(toggle, intervals, sessionId) {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!open));
    toggle.textContent = open ? t('statement.showIntervals') : t('statement.hideIntervals');
    intervals.hidden = open;
    if (open) return;
    mount(intervals, h('li', { class: 'muted small' }, t('statement.loadingIntervals')));
    try {
      const { entries } = /** @type {any} */ (await api.consultationEntries(sessionId));
      mount(
        intervals,
        entries.map((/** @type {any} */ e) =>
          h(
            'li',
            { class: 'statement-interval', 'data-testid': 'statement-interval' },
            h(
              'span',
              {},
              `${e.interval ? t('statement.interval', { number: e.interval }) : t('statement.charge')} · ${clockTime(e.createdAt)}`,
            ),
            h('span', { class: 'statement-amounts' }, signed(Number(e.amount))),
          ),
        ),
      );
    } catch {
      mount(intervals, h('li', { class: 'form-error small' }, t('statement.intervalsFailed')));
    }
  }

  return { el, reload: () => load(true) };
}
