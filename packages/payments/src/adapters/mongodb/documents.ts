import { fromInt64, int64 } from '@jyotishconnect/core/mongodb';
import type { Long } from 'mongodb';
import type { Payout, PayoutStatus } from '../../payout-store.js';
import type { OrderStatus, PaymentOrder, PaymentRefund, RefundStatus } from '../../store.js';

// Amounts (paise) and instants (epoch milliseconds) are stored as int64 `Long`,
// so no amount is ever a BSON double.

/** An order as stored: the id is the `_id`. */
export interface OrderDoc {
  _id: string;
  userId: string;
  provider: string;
  providerOrderId: string;
  amount: Long;
  currency: string;
  status: OrderStatus;
  paymentId: string | null;
  failureReason: string | null;
  checkout: Record<string, string | number>;
  createdAt: Long;
  paidAt: Long | null;
}

/** A refund as stored: the id is the `_id`. */
export interface RefundDoc {
  _id: string;
  orderId: string;
  paymentId: string;
  amount: Long;
  status: RefundStatus;
  providerRefundId: string | null;
  createdAt: Long;
}

/** An order as a document. */
export function encodeOrder(order: PaymentOrder): OrderDoc {
  const { id, amount, checkout, createdAt, paidAt, ...plain } = order;
  return {
    _id: id,
    ...plain,
    amount: int64(amount),
    checkout: { ...checkout },
    createdAt: int64(createdAt),
    paidAt: paidAt === null ? null : int64(paidAt),
  };
}

/** The port's view of an order document. */
export function decodeOrder(doc: OrderDoc): PaymentOrder {
  return {
    id: doc._id,
    userId: doc.userId,
    provider: doc.provider,
    providerOrderId: doc.providerOrderId,
    amount: fromInt64(doc.amount),
    currency: doc.currency,
    status: doc.status,
    paymentId: doc.paymentId ?? null,
    failureReason: doc.failureReason ?? null,
    checkout: decodeCheckout(doc.checkout),
    createdAt: fromInt64(doc.createdAt),
    paidAt: doc.paidAt === null || doc.paidAt === undefined ? null : fromInt64(doc.paidAt),
  };
}

/** A refund as a document. */
export function encodeRefund(refund: PaymentRefund): RefundDoc {
  const { id, amount, createdAt, ...plain } = refund;
  return { _id: id, ...plain, amount: int64(amount), createdAt: int64(createdAt) };
}

/** The port's view of a refund document. */
export function decodeRefund(doc: RefundDoc): PaymentRefund {
  return {
    id: doc._id,
    orderId: doc.orderId,
    paymentId: doc.paymentId,
    amount: fromInt64(doc.amount),
    status: doc.status,
    providerRefundId: doc.providerRefundId ?? null,
    createdAt: fromInt64(doc.createdAt),
  };
}

/** A payout as stored: the id is the `_id`. */
export interface PayoutDoc {
  _id: string;
  consultantId: string;
  amount: Long;
  currency: string;
  provider: string;
  status: PayoutStatus;
  providerPayoutId: string | null;
  note: string | null;
  createdAt: Long;
  settledAt: Long | null;
}

/** A payout as a document. */
export function encodePayout(payout: Payout): PayoutDoc {
  const { id, amount, createdAt, settledAt, ...plain } = payout;
  return {
    _id: id,
    ...plain,
    amount: int64(amount),
    createdAt: int64(createdAt),
    settledAt: settledAt === null ? null : int64(settledAt),
  };
}

/** The port's view of a payout document. */
export function decodePayout(doc: PayoutDoc): Payout {
  return {
    id: doc._id,
    consultantId: doc.consultantId,
    amount: fromInt64(doc.amount),
    currency: doc.currency,
    provider: doc.provider,
    status: doc.status,
    providerPayoutId: doc.providerPayoutId ?? null,
    note: doc.note ?? null,
    createdAt: fromInt64(doc.createdAt),
    settledAt: doc.settledAt === null || doc.settledAt === undefined ? null : fromInt64(doc.settledAt),
  };
}

/** Checkout numbers come back as they went in, unless another client stored one as int64. */
function decodeCheckout(checkout: Record<string, unknown>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(checkout).map(([key, value]) => [
      key,
      typeof value === 'string' || typeof value === 'number' ? value : fromInt64(value as Long),
    ]),
  );
}
