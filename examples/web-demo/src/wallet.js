/** The user's wallet: balance, top-up through the (simulated) payment provider and the statement. */

import { api } from './api.js';
import { field, h, mount, toast } from './dom.js';
import { formatMoney, formatTime, parseRupees } from './format.js';

const PRESETS = [10000, 25000, 50000, 100000];

const KIND_TEXT = {
  topup: 'Wallet top-up',
  split: 'Consultation',
  transfer: 'Transfer',
  refund: 'Refund',
};

/**
 * Tops up by `amount` paise: creates an order, then has the demo provider pay it.
 * @param {number} amount
 * @returns {Promise<{ balance: number, available: number } | null>} the wallet after payment, if the host returned it
 */
export async function topUp(amount) {
  const order = /** @type {any} */ (await api.createOrder(amount));
  const paid = /** @type {any} */ (await api.payOrder(order.orderId ?? order.id));
  if (paid?.status && paid.status !== 'paid') throw new Error(`Payment ${paid.status}`);
  return paid?.wallet ?? null;
}

/**
 * A top-up form with preset amounts.
 * @param {(amount: number, wallet: { balance: number } | null) => void} onPaid
 * @param {string} [idPrefix]
 */
export function createTopUpForm(onPaid, idPrefix = 'topup') {
  const amount = /** @type {HTMLInputElement} */ (
    h('input', {
      id: `${idPrefix}-amount`,
      type: 'text',
      inputmode: 'decimal',
      value: '250',
      autocomplete: 'off',
      'data-testid': `${idPrefix}-amount`,
    })
  );
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': `${idPrefix}-submit` }, 'Add money')
  );
  const presets = h(
    'div',
    { class: 'chips', role: 'group', 'aria-label': 'Preset amounts' },
    PRESETS.map((p) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          onclick: () => {
            amount.value = String(p / 100);
            amount.focus();
          },
        },
        formatMoney(p).replace('.00', ''),
      ),
    ),
  );
  const form = h(
    'form',
    {
      class: 'topup stack',
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        error.hidden = true;
        const paise = parseRupees(amount.value);
        if (!paise || paise < 100) {
          error.textContent = 'Enter an amount of at least ₹1.';
          error.hidden = false;
          return;
        }
        submit.disabled = true;
        submit.textContent = 'Paying…';
        try {
          const wallet = await topUp(paise);
          toast(`${formatMoney(paise)} added to your wallet`, 'success');
          onPaid(paise, wallet);
        } catch (e) {
          error.textContent = /** @type {Error} */ (e).message;
          error.hidden = false;
        } finally {
          submit.disabled = false;
          submit.textContent = 'Add money';
        }
      },
    },
    presets,
    field('Amount in rupees', amount, 'Demo payments are approved instantly.'),
    error,
    submit,
  );
  return form;
}

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
    const label = KIND_TEXT[/** @type {keyof typeof KIND_TEXT} */ (e.kind)] ?? String(e.kind ?? 'Transaction');
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
