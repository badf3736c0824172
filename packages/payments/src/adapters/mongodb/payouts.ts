import { int64, isDuplicateKey } from '@jyotishconnect/core/mongodb';
import type { Collection, Filter, MongoClient } from 'mongodb';
import type { Payout, PayoutQuery, PayoutStore, PayoutTransition } from '../../payout-store.js';
import { decodePayout, encodePayout, type PayoutDoc } from './documents.js';
import { paymentCollections } from './schema.js';
import type { MongoPaymentStoreOptions } from './store.js';

/** Options of {@link createMongoPayoutStore}: the same database and prefix as the payment store's. */
export type MongoPayoutStoreOptions = MongoPaymentStoreOptions;

/**
 * A {@link PayoutStore} on MongoDB through the official driver. Every method
 * writes one document, so none needs a transaction: a transition is one
 * `findOneAndUpdate` filtered on `status ∈ from`, so of racing settlements one
 * matches and the rest find it decided; an insert relies on the `_id` index
 * and reads the stored document back on a duplicate key. Run
 * `migratePaymentCollections` once first.
 */
export class MongoPayoutStore implements PayoutStore {
  readonly #payouts: Collection<PayoutDoc>;

  constructor(options: MongoPayoutStoreOptions) {
    const db = typeof options.db === 'string' ? (options.client as MongoClient).db(options.db) : options.db;
    this.#payouts = paymentCollections(db, options.prefix).payouts;
  }

  async insertPayout(payout: Payout): Promise<{ record: Payout; inserted: boolean }> {
    const doc = encodePayout(payout);
    try {
      await this.#payouts.insertOne(doc);
      return { record: decodePayout(doc), inserted: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await this.#payouts.findOne({ _id: payout.id });
      if (!stored) throw error;
      return { record: decodePayout(stored), inserted: false };
    }
  }

  async getPayout(id: string): Promise<Payout | null> {
    const doc = await this.#payouts.findOne({ _id: id });
    return doc ? decodePayout(doc) : null;
  }

  async transitionPayout(id: string, transition: PayoutTransition): Promise<Payout | null> {
    // Fields the transition leaves out (or nulls) keep their stored value, as `COALESCE` does in SQL.
    const set: Partial<PayoutDoc> = { status: transition.to };
    if (transition.providerPayoutId != null) set.providerPayoutId = transition.providerPayoutId;
    if (transition.note != null) set.note = transition.note;
    if (transition.settledAt != null) set.settledAt = int64(transition.settledAt);
    const doc = await this.#payouts.findOneAndUpdate(
      { _id: id, status: { $in: [...transition.from] } },
      { $set: set },
      { returnDocument: 'after' },
    );
    return doc ? decodePayout(doc) : await this.getPayout(id); // in none of the `from` statuses, or no such payout
  }

  async listPayouts(query: PayoutQuery): Promise<Payout[]> {
    const filter: Filter<PayoutDoc> = {};
    if (query.consultantId !== undefined) filter.consultantId = query.consultantId;
    if (query.status !== undefined) filter.status = query.status;
    const docs = await this.#payouts.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit).toArray();
    return docs.map(decodePayout);
  }
}

/**
 * Creates a payout store on MongoDB; run `migratePaymentCollections` once before use.
 *
 * @example
 * ```ts
 * await migratePaymentCollections({ db: client.db('jyotish') });
 * const payouts = createMongoPayoutStore({ client, db: 'jyotish' });
 * ```
 */
export function createMongoPayoutStore(options: MongoPayoutStoreOptions): MongoPayoutStore {
  return new MongoPayoutStore(options);
}
