/**
 * A top-up from start to credit: the host opens an order at its payment provider, the page opens that
 * provider's checkout, and the host confirms the payment with the provider before it credits the wallet.
 * The provider's webhook may credit it first: the host credits each payment once, whichever comes first.
 */

import { ApiError, api } from '../api.js';
import { t } from '../i18n.js';
import { payWithRazorpay } from './razorpay.js';
import { payWithStripe } from './stripe.js';

/**
 * @typedef {{ balance: number, available?: number }} Wallet
 * @typedef {{ state: 'paid', amount: number, wallet: Wallet | null } | { state: 'pending', orderId: string }} TopUpResult
 *   `paid`: the amount credited and the wallet after it; `pending`: the provider took the payment but has not reported it captured yet; its webhook credits it
 * @typedef {'opening' | 'declined' | 'confirming'} Step
 * @typedef {{ orderId: string, status: 'created' | 'paid' | 'failed', failureReason: string | null }} Order
 */

/** How often, and how many times, a pending order is read again. */
const SETTLE_POLL_MS = 3000;
const SETTLE_POLLS = 20;

/**
 * Tops up by `amount` paise through the host's provider. Rejects with `CheckoutClosed` or `PaymentFailed`
 * (./outcomes.js) when nothing was paid, and with the host's error otherwise.
 * @param {number} amount
 * @param {(step: Step, failure?: Error) => void} [onStep] hears the checkout open, a declined attempt, the confirmation
 * @param {{ phone?: string } | null} [save] keep the card paid with for auto-recharge
 * @returns {Promise<TopUpResult>}
 */
export async function topUp(amount, onStep = () => undefined, save = null) {
  const order = /** @type {any} */ (await api.createOrder(amount, save));
  if (order.provider === 'simulated') {
    // Demo mode: the simulated provider pays the order and sends its signed webhook at once.
    const paid = /** @type {any} */ (await api.payOrder(order.orderId));
    if (paid?.status && paid.status !== 'paid') throw new Error(t('checkout.notPaid'));
    return { state: 'paid', amount, wallet: paid?.wallet ?? null };
  }
  onStep('opening');
  let confirmation;
  if (order.provider === 'razorpay') {
    confirmation = await payWithRazorpay(order, { onDeclined: (failure) => onStep('declined', failure) });
  } else if (order.provider === 'stripe') {
    confirmation = await payWithStripe(order);
  } else {
    throw new Error(t('checkout.unsupported'));
  }
  onStep('confirming');
  return await confirmTopUp(order.orderId, confirmation);
}

/**
 * Asks the host to credit what the checkout handed back. A payment not captured yet, or an answer that
 * was lost, is pending: the provider's webhook will credit it, and {@link settledOrder} waits for that.
 * @param {string} orderId the order paid, if the page knows it
 * @param {Record<string, string>} confirmation
 * @returns {Promise<TopUpResult>}
 */
export async function confirmTopUp(orderId, confirmation) {
  try {
    const confirmed = /** @type {any} */ (await api.confirmPayment(confirmation));
    return { state: 'paid', amount: confirmed.order.amount, wallet: confirmed.wallet ?? null };
  } catch (e) {
    const pending = e instanceof ApiError && (e.code === 'PAYMENT_NOT_CAPTURED' || e.status === 0 || e.status >= 500);
    if (pending) return { state: 'pending', orderId };
    throw e;
  }
}

/**
 * Reads a pending order until the provider settles it; null if it is still pending after about a minute.
 * @param {string} orderId
 * @returns {Promise<Order | null>}
 */
export async function settledOrder(orderId) {
  for (let poll = 0; poll < SETTLE_POLLS; poll += 1) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    try {
      const orders = /** @type {Order[]} */ (await api.orders());
      const order = orders.find((o) => o.orderId === orderId);
      if (order && order.status !== 'created') return order;
    } catch {
      // Offline for a moment: the next poll tries again.
    }
  }
  return null;
}
