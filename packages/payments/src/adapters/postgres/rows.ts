import type { Payout } from '../../payout-store.js';
import type { PaymentOrder, PaymentRefund } from '../../store.js';

/** A row as the driver returns it: `bigint` columns arrive as strings from node-postgres. */
export type Row = Record<string, unknown>;

/** Maps a `jc_payment_orders` row. */
export function toOrder(row: Row): PaymentOrder {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    provider: String(row.provider),
    providerOrderId: String(row.provider_order_id),
    amount: safeNumber(row.amount),
    currency: String(row.currency),
    status: row.status as PaymentOrder['status'],
    paymentId: nullableString(row.payment_id),
    failureReason: nullableString(row.failure_reason),
    checkout: row.checkout as PaymentOrder['checkout'],
    createdAt: safeNumber(row.created_at),
    paidAt: row.paid_at === null || row.paid_at === undefined ? null : safeNumber(row.paid_at),
  };
}

/** Maps a `jc_payment_refunds` row. */
export function toRefund(row: Row): PaymentRefund {
  return {
    id: String(row.id),
    orderId: String(row.order_id),
    paymentId: String(row.payment_id),
    amount: safeNumber(row.amount),
    status: row.status as PaymentRefund['status'],
    providerRefundId: nullableString(row.provider_refund_id),
    createdAt: safeNumber(row.created_at),
  };
}

/** The order's parameters, in the column order of `insertOrder`. */
export function orderParams(order: PaymentOrder): unknown[] {
  return [
    order.id,
    order.userId,
    order.provider,
    order.providerOrderId,
    order.amount,
    order.currency,
    order.status,
    order.paymentId,
    order.failureReason,
    JSON.stringify(order.checkout),
    order.createdAt,
    order.paidAt,
  ];
}

/** The refund's parameters, in the column order of `insertRefund`. */
export function refundParams(refund: PaymentRefund): unknown[] {
  const { id, orderId, paymentId, amount, status, providerRefundId, createdAt } = refund;
  return [id, orderId, paymentId, amount, status, providerRefundId, createdAt];
}

/** Maps a `jc_payment_payouts` row. */
export function toPayout(row: Row): Payout {
  return {
    id: String(row.id),
    consultantId: String(row.consultant_id),
    amount: safeNumber(row.amount),
    currency: String(row.currency),
    provider: String(row.provider),
    status: row.status as Payout['status'],
    providerPayoutId: nullableString(row.provider_payout_id),
    note: nullableString(row.note),
    createdAt: safeNumber(row.created_at),
    settledAt: row.settled_at === null || row.settled_at === undefined ? null : safeNumber(row.settled_at),
  };
}

/** The payout's parameters, in the column order of the payout insert. */
export function payoutParams(payout: Payout): unknown[] {
  const { id, consultantId, amount, currency, provider, status, providerPayoutId, note, createdAt, settledAt } = payout;
  return [id, consultantId, amount, currency, provider, status, providerPayoutId, note, createdAt, settledAt];
}

function safeNumber(value: unknown): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`stored integer ${String(value)} is not a safe integer`);
  return number;
}

function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
