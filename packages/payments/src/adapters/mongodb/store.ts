import { int64, isDuplicateKey } from '@jyotishconnect/core/mongodb';
import type { Db, Document, MongoClient } from 'mongodb';
import {
  type Inserted,
  type PaymentOrder,
  type PaymentRefund,
  type PaymentStore,
  type RefundStatus,
  unlinkedProviderOrderId,
} from '../../store.js';
import { decodeOrder, decodeRefund, encodeOrder, encodeRefund } from './documents.js';
import { type PaymentCollections, paymentCollections } from './schema.js';

/** Options of {@link createMongoPaymentStore}: a `Db`, or a database name on `client`. */
export type MongoPaymentStoreOptions = (
  | { readonly db: Db; readonly client?: MongoClient }
  | { readonly db: string; readonly client: MongoClient }
) & {
  /** Prefix of the collection names, as given to `migratePaymentCollections`; defaults to `jc_payment_`. */
  readonly prefix?: string;
};

const AFTER = { returnDocument: 'after' } as const;

/**
 * A {@link PaymentStore} on MongoDB through the official driver. Every method
 * writes one document, so none needs a transaction: a claim is one
 * `findOneAndUpdate` filtered on `status ≠ paid`; an insert relies on the
 * `_id` index and reads the stored document back on a duplicate key. Run
 * `migratePaymentCollections` once first.
 */
export class MongoPaymentStore implements PaymentStore {
  readonly #c: PaymentCollections;

  constructor(options: MongoPaymentStoreOptions) {
    const db = typeof options.db === 'string' ? (options.client as MongoClient).db(options.db) : options.db;
    this.#c = paymentCollections(db, options.prefix);
  }

  async insertOrder(order: PaymentOrder): Promise<Inserted<PaymentOrder>> {
    const doc = encodeOrder(order);
    try {
      await this.#c.orders.insertOne(doc);
      return { record: decodeOrder(doc), inserted: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await this.#c.orders.findOne({ _id: order.id });
      if (!stored) throw error; // another order holds this provider order id
      return { record: decodeOrder(stored), inserted: false };
    }
  }

  async getOrder(id: string): Promise<PaymentOrder | null> {
    const doc = await this.#c.orders.findOne({ _id: id });
    return doc ? decodeOrder(doc) : null;
  }

  async findOrderByProviderId(provider: string, providerOrderId: string): Promise<PaymentOrder | null> {
    const doc = await this.#c.orders.findOne({ provider, providerOrderId });
    return doc ? decodeOrder(doc) : null;
  }

  async claimPayment(orderId: string, paymentId: string, at: number): Promise<PaymentOrder | null> {
    const doc = await this.#c.orders.findOneAndUpdate(
      { _id: orderId, status: { $ne: 'paid' } },
      { $set: { status: 'paid', paymentId, failureReason: null, paidAt: int64(at) } },
      AFTER,
    );
    return doc ? decodeOrder(doc) : await this.getOrder(orderId); // already paid, or no such order
  }

  async markFailed(orderId: string, reason: string): Promise<PaymentOrder | null> {
    const doc = await this.#c.orders.findOneAndUpdate(
      { _id: orderId, status: { $ne: 'paid' } },
      { $set: { status: 'failed', failureReason: reason } },
      AFTER,
    );
    return doc ? decodeOrder(doc) : await this.getOrder(orderId); // paid, or no such order
  }

  async linkProviderOrder(orderId: string, providerOrderId: string): Promise<PaymentOrder | null> {
    // Only the placeholder of an unlinked order is replaced: the first link wins.
    const doc = await this.#c.orders.findOneAndUpdate(
      { _id: orderId, providerOrderId: unlinkedProviderOrderId(orderId) },
      { $set: { providerOrderId } },
      AFTER,
    );
    return doc ? decodeOrder(doc) : await this.getOrder(orderId); // linked already, or no such order
  }

  async ordersOf(userId: string, limit: number): Promise<PaymentOrder[]> {
    const docs = await this.#c.orders.find({ userId }).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
    return docs.map(decodeOrder);
  }

  async insertRefund(refund: PaymentRefund): Promise<Inserted<PaymentRefund>> {
    const doc = encodeRefund(refund);
    try {
      await this.#c.refunds.insertOne(doc);
      return { record: decodeRefund(doc), inserted: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await this.#c.refunds.findOne({ _id: refund.id });
      if (!stored) throw error; // another refund holds this provider refund id
      return { record: decodeRefund(stored), inserted: false };
    }
  }

  async settleRefund(
    match: { readonly id: string } | { readonly providerRefundId: string },
    status: RefundStatus,
    providerRefundId?: string,
  ): Promise<PaymentRefund | null> {
    const filter = 'id' in match ? { _id: match.id } : { providerRefundId: match.providerRefundId };
    // A pipeline update, so a processed refund stays processed within the one write.
    const set: Document = {
      status: { $cond: [{ $eq: ['$status', 'processed'] }, 'processed', { $literal: status }] },
    };
    if (providerRefundId !== undefined) set.providerRefundId = { $literal: providerRefundId };
    const doc = await this.#c.refunds.findOneAndUpdate(filter, [{ $set: set }], AFTER);
    return doc ? decodeRefund(doc) : null;
  }
}

/**
 * Creates a payment store on MongoDB; run `migratePaymentCollections` once before use.
 *
 * @example
 * ```ts
 * const client = new MongoClient(process.env.MONGODB_URI ?? 'mongodb://localhost:27017');
 * await migratePaymentCollections({ db: client.db('jyotish') });
 * const store = createMongoPaymentStore({ client, db: 'jyotish' });
 * ```
 */
export function createMongoPaymentStore(options: MongoPaymentStoreOptions): MongoPaymentStore {
  return new MongoPaymentStore(options);
}
