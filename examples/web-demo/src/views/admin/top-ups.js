/** The admin's Payments section: a user's top-up orders, and refunding a top-up to the card or account it came from. */

import { ApiError, api } from '../../api.js';
import { field, h, mount, toast } from '../../dom.js';
import { formatMoney, formatTime, parseRupees } from '../../format.js';
import { t } from '../../i18n.js';
import { openPrompt } from '../../prompt-dialog.js';

/**
 * @typedef {{ orderId: string, provider: string, amount: number, status: 'created' | 'paid' | 'failed',
 *   failureReason: string | null, createdAt: number, paidAt: number | null }} Order
 */

/** The table's columns, each headed by `topUps.column.<column>` in the locales. */
const COLUMNS = ['when', 'order', 'amount', 'provider', 'status', 'refund'];
/** A column's heading, also each cell's label on a phone. @param {string} column */
const heading = (column) => t(`topUps.column.${column}`);
/** Providers by name, as people know them. */
const PROVIDERS = { stripe: 'Stripe', razorpay: 'Razorpay' };
/** @param {string} name */
const providerName = (name) =>
  name === 'simulated' ? t('topUps.simulated') : (PROVIDERS[/** @type {keyof typeof PROVIDERS} */ (name)] ?? name);
/** The pill each order status shows; its words are `topUps.status.<status>` in the locales. */
const PILL = { created: '', paid: 'pill-live', failed: 'pill-danger' };

export function createTopUps() {
  const user = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'orders-user',
      type: 'text',
      list: 'known-users',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: t('topUps.userPlaceholder'),
      'data-testid': 'orders-user',
    })
  );
  const known = h('datalist', { id: 'known-users' });
  const tbody = h('tbody', { 'data-testid': 'admin-orders' });
  const result = h('p', { class: 'notice', role: 'status', hidden: true, 'data-testid': 'refund-result' });
  const el = h(
    'section',
    { class: 'card', 'data-testid': 'admin-payments' },
    h('h2', {}, t('topUps.title')),
    h('p', { class: 'muted small' }, t('topUps.lead')),
    h(
      'form',
      {
        class: 'filter-row',
        onsubmit: (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          void update();
        },
      },
      field(t('topUps.userId'), user),
      known,
      h('button', { type: 'submit', class: 'btn btn-ghost', 'data-testid': 'orders-show' }, t('topUps.show')),
    ),
    result,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        h('caption', { class: 'sr-only' }, t('topUps.caption')),
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
      ),
    ),
  );

  /** @param {string} text @param {string} [cls] */
  const message = (text, cls = 'muted') => h('tr', {}, h('td', { colspan: COLUMNS.length, class: cls }, text));
  mount(tbody, message(t('topUps.enterUser')));

  /** Reads the chosen user's orders again. */
  async function update() {
    const userId = user.value.trim();
    if (!userId) return;
    try {
      const orders = /** @type {Order[]} */ (await api.adminOrders(userId));
      if (orders.length === 0) mount(tbody, message(t('topUps.none', { user: userId })));
      else mount(tbody, orders.map(renderRow));
    } catch (e) {
      mount(tbody, message(/** @type {Error} */ (e).message, 'form-error'));
    }
  }

  /** @param {Order} order */
  function renderRow(order) {
    const pill = PILL[/** @type {keyof typeof PILL} */ (order.status)];
    const status =
      pill === undefined ? { text: order.status, pill: '' } : { text: t(`topUps.status.${order.status}`), pill };
    const refund = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost btn-sm',
        'data-testid': 'refund-order',
        'aria-label': t('topUps.refundOrder', { order: order.orderId }),
        onclick: () => askRefund(order),
      },
      t('sessions.refundButton'),
    );
    return h(
      'tr',
      { 'data-testid': 'admin-order', dataset: { order: order.orderId, status: order.status } },
      h('td', { 'data-label': heading('when') }, formatTime(order.paidAt ?? order.createdAt, true)),
      h(
        'td',
        { 'data-label': heading('order') },
        h('code', { class: 'order-id', title: order.orderId }, order.orderId),
      ),
      h('td', { 'data-label': heading('amount') }, formatMoney(order.amount)),
      h('td', { 'data-label': heading('provider') }, providerName(order.provider)),
      h(
        'td',
        { 'data-label': heading('status'), title: order.failureReason ?? '' },
        h('span', { class: `pill ${status.pill}` }, status.text),
      ),
      h('td', { 'data-label': heading('refund') }, order.status === 'paid' ? refund : '—'),
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
      title: t('topUps.refundTitle'),
      intro: t('topUps.refundIntro', {
        money: formatMoney(order.amount),
        provider: providerName(order.provider),
        when: formatTime(order.paidAt ?? order.createdAt, true),
        order: order.orderId,
      }),
      label: t('topUp.amount'),
      hint: t('topUps.refundHint'),
      placeholder: t('topUps.allLeft'),
      inputmode: 'decimal',
      confirmText: t('topUps.refund'),
      danger: true,
      testid: 'refund-dialog',
      // Another amount is another refund, with a key of its own.
      onInput: () => {
        key = null;
      },
      onSubmit: async (text) => {
        const amount = text.trim() ? parseRupees(text) : undefined;
        if (amount === null || amount === 0) throw new Error(t('topUps.enterAmount'));
        key ??= crypto.randomUUID();
        let refund;
        try {
          refund = /** @type {any} */ (await api.adminRefundTopUp(order.orderId, amount, key));
        } catch (e) {
          const retry = e instanceof ApiError && (e.status === 0 || e.status >= 500 || e.code === 'PROVIDER_ERROR');
          throw retry ? new Error(`${/** @type {Error} */ (e).message} ${t('topUps.again')}`) : e;
        }
        const summary = t('topUps.refunded', {
          money: formatMoney(refund.amount),
          order: order.orderId,
          status: refund.status,
          balance: formatMoney(refund.userBalance),
        });
        result.textContent = summary;
        result.dataset.state = 'done';
        result.hidden = false;
        toast(t('topUps.refundedToast', { money: formatMoney(refund.amount) }), 'success');
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
