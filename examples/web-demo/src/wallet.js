/** The user's wallet statement: every credit and debit, newest first, with the balance after each. */

import { api } from './api.js';
import { h, mount } from './dom.js';
import { formatMoney, formatTime } from './format.js';

const KIND_TEXT = {
  topup: 'Wallet top-up',
  split: 'Consultation',
  transfer: 'Transfer',
  refund: 'Refund',
};

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
      'Load more',
    )
  );
  /** @type {string | null} */
  let cursor = null;
  const el = h('div', { class: 'statement-wrap' }, list, more);

  /** @param {boolean} fresh */
  async function load(fresh) {
    try {
      const page = /** @type {any} */ (await api.statement(fresh ? undefined : (cursor ?? undefined)));
      const entries = page?.entries ?? [];
      if (fresh) list.replaceChildren();
      for (const e of entries) list.append(renderEntry(e));
      cursor = page?.nextCursor ?? null;
      more.hidden = !cursor;
      if (fresh && entries.length === 0) mount(list, h('li', { class: 'muted' }, 'No transactions yet.'));
    } catch (e) {
      mount(list, h('li', { class: 'form-error' }, `Statement unavailable: ${/** @type {Error} */ (e).message}`));
    }
  }

  /** @param {any} e */
  function renderEntry(e) {
    const amount = Number(e.amount);
    // A refunded top-up leaves the wallet for the card or account it came from.
    const label =
      e.kind === 'refund' && typeof e.metadata?.orderId === 'string'
        ? 'Top-up refunded'
        : (KIND_TEXT[/** @type {keyof typeof KIND_TEXT} */ (e.kind)] ?? String(e.kind ?? 'Transaction'));
    const session = typeof e.metadata?.sessionId === 'string' ? `session ${e.metadata.sessionId.slice(0, 8)}` : '';
    const detail = e.metadata?.consultantName ?? session;
    return h(
      'li',
      { class: 'statement-row', 'data-testid': 'statement-row', dataset: { kind: String(e.kind ?? '') } },
      h(
        'div',
        {},
        h('p', { class: 'statement-kind' }, label),
        h('p', { class: 'muted small' }, [formatTime(e.createdAt, true), detail ? ` · ${detail}` : ''].join('')),
      ),
      h(
        'div',
        { class: 'statement-amounts' },
        h('p', { class: amount >= 0 ? 'credit' : 'debit' }, `${amount >= 0 ? '+' : ''}${formatMoney(amount)}`),
        h('p', { class: 'muted small' }, `Balance ${formatMoney(Number(e.balanceAfter))}`),
      ),
    );
  }

  return { el, reload: () => load(true) };
}
