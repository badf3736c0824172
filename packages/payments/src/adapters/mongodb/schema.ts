import { createMissingCollections, int64CollectionOptions } from '@jyotishconnect/core/mongodb';
import type { Collection, Db } from 'mongodb';
import type { OrderDoc, PayoutDoc, RefundDoc } from './documents.js';

/** The collection name prefix used when none is given. */
export const DEFAULT_PAYMENT_PREFIX = 'jc_payment_';

/** The payment collections of one store. */
export interface PaymentCollections {
  readonly orders: Collection<OrderDoc>;
  readonly refunds: Collection<RefundDoc>;
  readonly payouts: Collection<PayoutDoc>;
}

/** Opens the collections named `prefix + name`, keeping int64 fields as `Long`. */
export function paymentCollections(db: Db, prefix: string = DEFAULT_PAYMENT_PREFIX): PaymentCollections {
  return {
    orders: db.collection<OrderDoc>(`${prefix}orders`, int64CollectionOptions),
    refunds: db.collection<RefundDoc>(`${prefix}refunds`, int64CollectionOptions),
    payouts: db.collection<PayoutDoc>(`${prefix}payouts`, int64CollectionOptions),
  };
}

/**
 * Creates the collections and indexes, idempotently: one order per provider
 * order id, a user's orders newest first, one refund per provider refund id
 * once the provider has named it, and payouts newest first by consultant and
 * by status. Order, refund and payout ids are the `_id`.
 *
 * @example
 * ```ts
 * await migratePaymentCollections({ db: client.db('jyotish') });
 * ```
 */
export async function migratePaymentCollections(options: { db: Db; prefix?: string }): Promise<void> {
  const collections = paymentCollections(options.db, options.prefix);
  await createMissingCollections(options.db, Object.values(collections));
  const { orders, refunds, payouts } = collections;
  await orders.createIndex({ provider: 1, providerOrderId: 1 }, { unique: true, name: 'provider_order' });
  await orders.createIndex({ userId: 1, createdAt: -1, _id: -1 }, { name: 'user_created' });
  await refunds.createIndex(
    { providerRefundId: 1 },
    { unique: true, partialFilterExpression: { providerRefundId: { $type: 'string' } }, name: 'provider_refund' },
  );
  await payouts.createIndex({ consultantId: 1, createdAt: -1, _id: -1 }, { name: 'consultant_created' });
  await payouts.createIndex({ status: 1, createdAt: -1, _id: -1 }, { name: 'status_created' });
}
