/** The admin's Payments section: a user's top-up orders, and refunding a top-up to the card or account it came from. */

import { ApiError, api } from '../../api.js';
import { field, h, mount, toast } from '../../dom.js';
import { formatMoney, formatTime, parseRupees } from '../../format.js';
import { openPrompt } from '../../prompt-dialog.js';

/**
 * @typedef {{ orderId: string, provider: string, amount: number, status: 'created' | 'paid' | 'failed',
 *   failureReason: string | null, createdAt: number, paidAt: number | null }} Order
 */

const COLUMNS = ['When', 'Order', 'Amount', 'Provider', 'Status', 'Refund'];
/** Providers by name, as people know them. */
const PROVIDERS = { stripe: 'Stripe', razorpay: 'Razorpay', simulated: 'Simulated (demo)' };
/** @param {string} name */
const providerName = (name) => PROVIDERS[/** @type {keyof typeof PROVIDERS} */ (name)] ?? name;
const STATUS = {
  created: { text: 'Awaiting payment', pill: '' },
  paid: { text: 'Paid', pill: 'pill-live' },
  failed: { text: 'Failed', pill: 'pill-danger' },
};

export function createTopUps() {
  const user = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'orders-user',
      type: 'text',
      list: 'known-users',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'e.g. user:asha',
      'data-testid': 'orders-user',
    })
  );
  const known = h('datalist', { id: 'known-users' });
  const tbody = h('tbody', { 'data-testid': 'admin-orders' });
  const result = h('p', { class: 'notice', role: 'status', hidden: true, 'data-testid': 'refund-result' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'admin-payments' },
    h('h2', {}, 'Payments'),
    h(
      'p',
      { class: 'muted small' },
      "A user's top-ups, newest first (the users of recent sessions are suggested). A refund takes the money out of their wallet first, then the provider returns it; money already spent or held for a session stays.",
    ),
    h(
      'form',
      {
        class: 'filter-row',
        onsubmit: (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          void update();
        },
      },
      field('User id', user),
      known,
      h('button', { type: 'submit', class: 'btn btn-ghost', 'data-testid': 'orders-show' }, 'Show top-ups'),
    ),
    result,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        h('caption', { class: 'sr-only' }, "The user's top-up orders, newest first"),
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
      ),
    ),
  );

  /** @param {string} text @param {string} [cls] */
  const message = (text, cls = 'muted') => h('tr', {}, h('td', { colspan: COLUMNS.length, class: cls }, text));
  mount(tbody, message('Enter a user id to list their top-ups.'));

  /** Reads the chosen user's orders again. */
  async function update() {
    const userId = user.value.trim();
    if (!userId) return;
    try {
      const orders = /** @type {Order[]} */ (await api.adminOrders(userId));
      if (orders.length === 0) mount(tbody, message(`${userId} has no top-ups.`));
      else mount(tbody, orders.map(renderRow));
    } catch (e) {
      mount(tbody, message(/** @type {Error} */ (e).message, 'form-error'));
    }
  }

  /** @param {Order} order */
  function renderRow(order) {
    const status = STATUS[order.status] ?? { text: order.status, pill: '' };
    const refund = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost btn-sm',
        'data-testid': 'refund-order',
        'aria-label': `Refund order ${order.orderId}`,
        onclick: () => askRefund(order),
      },
      'Refund…',
    );
    return h(
      'tr',
      { 'data-testid': 'admin-order', dataset: { order: order.orderId, status: order.status } },
      h('td', { 'data-label': 'When' }, formatTime(order.paidAt ?? order.createdAt, true)),
      h('td', { 'data-label': 'Order' }, h('code', { class: 'order-id', title: order.orderId }, order.orderId)),
      h('td', { 'data-label': 'Amount' }, formatMoney(order.amount)),
      h('td', { 'data-label': 'Provider' }, providerName(order.provider)),
      h(
        'td',
        { 'data-label': 'Status', title: order.failureReason ?? '' },
        h('span', { class: `pill ${status.pill}` }, status.text),
      ),
      h('td', { 'data-label': 'Refund' }, order.status === 'paid' ? refund : '—'),
    );
  }

  /**
   * Asks how much of a top-up to refund, and refunds it. The dialog is one refund meant: its key is
   * made at the first try and sent again with every retry, so a lost answer never refunds twice.
   * @param {Order} order
   */
  function askRefund(order) {
    /** @type {string | null} */
    let key = null;
    openPrompt({
      title: 'Refund top-up',
      intro: `${formatMoney(order.amount)} paid through ${providerName(order.provider)} on ${formatTime(order.paidAt ?? order.createdAt, true)} (${order.orderId}).`,
      label: 'Amount in rupees',
      hint: 'Leave empty to refund all that is left of it.',
      placeholder: 'All that is left',
      inputmode: 'decimal',
      confirmText: 'Refund',
      danger: true,
      testid: 'refund-dialog',
      // Another amount is another refund, with a key of its own.
      onInput: () => {
        key = null;
      },
      onSubmit: async (text) => {
        const amount = text.trim() ? parseRupees(text) : undefined;
        if (amount === null || amount === 0) throw new Error('Enter an amount in rupees, or leave it empty.');
        key ??= crypto.randomUUID();
        let refund;
        try {
          refund = /** @type {any} */ (await api.adminRefundTopUp(order.orderId, amount, key));
        } catch (e) {
          const retry = e instanceof ApiError && (e.status === 0 || e.status >= 500 || e.code === 'PROVIDER_ERROR');
          throw retry ? new Error(`${/** @type {Error} */ (e).message} Press Refund again: it refunds once.`) : e;
        }
        const summary = `Refunded ${formatMoney(refund.amount)} of ${order.orderId} (${refund.status}). The user's balance is now ${formatMoney(refund.userBalance)}.`;
        result.textContent = summary;
        result.dataset.state = 'done';
        result.hidden = false;
        toast(`Refunded ${formatMoney(refund.amount)}`, 'success');
      },
    });
  }

  return {
    el,
    update,
    /**
     * Suggests these user ids in the filter.
     * @param {string[]} userIds
     */
    suggest(userIds) {
      mount(
        known,
        userIds.map((id) => h('option', { value: id })),
      );
    },
  };
}
