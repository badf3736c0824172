import type { PaymentsContext } from './context.js';
import { PaymentError } from './errors.js';
import type { CapturedPayment, SavedMethodDetails } from './provider.js';
import type { PaymentOrder } from './store.js';

/** A captured payment credited to its order's wallet (or found credited already). */
export interface CreditOutcome {
  readonly order: PaymentOrder;
  /** The wallet transaction of the credit, `payment:<provider>:<paymentId>`. */
  readonly transactionId: string;
  /**
   * The method this payment saved, reported once: by the call that claimed
   * the order, when the order asked to save one at its start. A replay, a
   * retry or the slower of a webhook and a confirmation reports `null`, so a
   * method the user removed since is never attached again by an old event.
   */
  readonly savedMethod: SavedMethodDetails | null;
}

/** The field of a stored order's checkout that says the top-up saves the method it is paid with (`1`). */
export const SAVE_METHOD_FIELD = 'saveMethod';

/** The wallet transaction id of a top-up: the provider's payment id, so every path to a credit credits once. */
export function topUpTransactionId(provider: string, paymentId: string): string {
  return `payment:${provider}:${paymentId}`;
}

/**
 * Credits a captured payment to the wallet of the order it pays. The stored
 * order is the truth: an amount or currency that differs is refused, and a
 * second payment of a paid order never reaches the wallet. `userId`, when
 * given, must own the order.
 */
export async function creditPayment(
  context: PaymentsContext,
  payment: CapturedPayment,
  userId?: string,
): Promise<CreditOutcome> {
  const { store, wallet, clock } = context.options;
  const order = await context.orderOf(payment.providerOrderId, payment.orderId);
  if (userId !== undefined && order.userId !== userId) {
    throw new PaymentError('ORDER_NOT_FOUND', `no order ${payment.providerOrderId} of this user`);
  }
  assertPaysOrder(order, payment);
  // Claim before crediting: two different payments of one order can never both reach the wallet.
  const claimed = (await store.claimPayment(order.id, payment.paymentId, clock.now())) ?? order;
  assertClaimedBy(claimed, payment.paymentId);
  const firstClaim = order.paymentId === null;
  const savedMethod = firstClaim && order.checkout[SAVE_METHOD_FIELD] === 1 ? (payment.savedMethod ?? null) : null;
  const transactionId = topUpTransactionId(context.provider, payment.paymentId);
  await wallet.topUp({
    id: transactionId,
    to: order.userId,
    amount: order.amount,
    metadata: { orderId: order.id, provider: context.provider, paymentId: payment.paymentId },
  });
  return { order: claimed, transactionId, savedMethod };
}

function assertPaysOrder(order: PaymentOrder, payment: CapturedPayment): void {
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

// A second, different payment of a paid order: its money goes back at the provider, not into the wallet.
function assertClaimedBy(order: PaymentOrder, paymentId: string): void {
  if (order.paymentId !== paymentId) {
    throw new PaymentError('ORDER_ALREADY_PAID', `order ${order.id} was already paid by ${order.paymentId}`, {
      details: { orderId: order.id, paymentId, paidBy: order.paymentId },
    });
  }
}
