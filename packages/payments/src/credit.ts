import { PaymentError } from './errors.js';
import type { CapturedPayment } from './provider.js';
import type { PaymentOrder } from './store.js';

/** The wallet transaction id of a top-up: the provider's payment id, so every path to a credit credits once. */
export function topUpTransactionId(provider: string, paymentId: string): string {
  return `payment:${provider}:${paymentId}`;
}

/**
 * Checks a captured payment against the order it names. The stored order is
 * the truth: an amount or currency that differs is refused, never credited.
 */
export function assertPaysOrder(order: PaymentOrder, payment: CapturedPayment): void {
  if (payment.currency.toUpperCase() !== order.currency) {
    throw new PaymentError(
      'CURRENCY_MISMATCH',
      `payment ${payment.paymentId} is in ${payment.currency}, order ${order.id} in ${order.currency}`,
      { details: { orderId: order.id, paymentId: payment.paymentId } },
    );
  }
  if (payment.amount !== order.amount) {
    throw new PaymentError(
      'AMOUNT_MISMATCH',
      `payment ${payment.paymentId} captured ${payment.amount}, order ${order.id} is for ${order.amount}`,
      { details: { orderId: order.id, paymentId: payment.paymentId, captured: payment.amount, ordered: order.amount } },
    );
  }
}

/** Refuses a second, different payment of an order already paid: its money goes back at the provider, not into the wallet. */
export function assertClaimedBy(order: PaymentOrder, paymentId: string): void {
  if (order.paymentId !== paymentId) {
    throw new PaymentError('ORDER_ALREADY_PAID', `order ${order.id} was already paid by ${order.paymentId}`, {
      details: { orderId: order.id, paymentId, paidBy: order.paymentId },
    });
  }
}
