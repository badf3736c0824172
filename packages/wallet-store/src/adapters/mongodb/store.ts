import { fromInt64, int64, isDuplicateKey, snapshotTransactionOptions } from '@jyotishconnect/core/mongodb';
import type { ClientSession, Db, Document, Filter, Long, MongoClient } from 'mongodb';
import { balanceShards, hasZeroFloor } from '../../accounts.js';
import { accountFrozen, accountNotFound, insufficientFunds } from '../../errors.js';
import type {
  AccountAudit,
  HoldRelease,
  LedgerEntry,
  NewAccount,
  StatementQuery,
  StoredHold,
  StoredRequest,
  StoredTransaction,
  WalletStore,
  WriteOutcome,
} from '../../store.js';
import type { Account, Hold, StatementEntry, StatementPage, Transaction } from '../../types.js';
import {
  accountView,
  type BalanceDoc,
  cursorBound,
  decodeHold,
  decodePosting,
  decodeRequest,
  decodeTransaction,
  encodeHold,
  type HoldDoc,
  type PostingDoc,
} from './documents.js';
import { applyEntry, availableAtLeast, closeExpiredHolds, releaseReservations } from './ledger.js';
import { migrateWalletCollections, type WalletCollections, walletCollections } from './schema.js';

/** Options of {@link createMongoWalletStore}. */
export interface MongoWalletStoreOptions {
  /** A client of a replica set or sharded cluster: every write is a multi-document transaction. */
  client: MongoClient;
  /** The database, or its name on `client`. */
  db: Db | string;
  /** Prefix of the collection names; defaults to `jc_wallet_`. */
  collectionPrefix?: string;
}

/** Holds expired per transaction, so a large sweep stays within transaction limits. */
const EXPIRY_BATCH = 500;

/**
 * A {@link WalletStore} on MongoDB through the official driver. Every write is
 * one multi-document transaction (a replica set is required) with majority
 * write concern; ids are `_id`s, so a replayed write hits the unique index and
 * returns the stored record. Run {@link MongoWalletStore.migrate} once first.
 */
export class MongoWalletStore implements WalletStore {
  readonly #client: MongoClient;
  readonly #db: Db;
  readonly #collections: WalletCollections;

  constructor(options: MongoWalletStoreOptions) {
    this.#client = options.client;
    this.#db = typeof options.db === 'string' ? options.client.db(options.db) : options.db;
    this.#collections = walletCollections(this.#db, options.collectionPrefix ?? 'jc_wallet_');
  }

  /** Creates the collections and indexes; idempotent, safe to run at every start. */
  async migrate(): Promise<void> {
    await migrateWalletCollections(this.#db, this.#collections);
  }

  async createAccount(account: NewAccount): Promise<WriteOutcome<Account>> {
    const { accounts, balances } = this.#collections;
    const shards = balanceShards(account.type);
    return await this.#insertOnce(
      async (session) => {
        const { id, type, currency, createdAt } = account;
        await accounts.insertOne(
          { _id: id, type, currency, frozen: false, shards, createdAt: int64(createdAt) },
          { session },
        );
        const docs = Array.from({ length: shards }, (_, shard) => ({
          accountId: id,
          shard,
          amount: int64(0),
          held: int64(0),
          frozen: false,
        }));
        await balances.insertMany(docs, { session });
        return { id, type, currency, frozen: false, balance: 0, held: 0, available: 0, createdAt };
      },
      async () => {
        const record = await this.getAccount(account.id, account.createdAt);
        return record && { record, request: {} };
      },
    );
  }

  async getAccount(id: string, now: number): Promise<Account | null> {
    return await this.#transaction((session) => this.#readAccount(session, id, now));
  }

  async setFrozen(id: string, frozen: boolean, now: number): Promise<Account | null> {
    const { accounts, balances } = this.#collections;
    return await this.#transaction(async (session) => {
      const { matchedCount } = await accounts.updateOne({ _id: id }, { $set: { frozen } }, { session });
      if (matchedCount === 0) return null;
      await balances.updateMany({ accountId: id }, { $set: { frozen } }, { session });
      return await this.#readAccount(session, id, now);
    });
  }

  async commit(entry: LedgerEntry): Promise<WriteOutcome<Transaction>> {
    return await this.#insertOnce(
      (session) => applyEntry(this.#collections, session, entry),
      async () => {
        const stored = await this.getTransaction(entry.transaction.id);
        return stored && { record: stored.transaction, request: stored.request };
      },
    );
  }

  async placeHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    const { accounts, balances, holds } = this.#collections;
    return await this.#insertOnce(
      async (session) => {
        await holds.insertOne(encodeHold(hold, request), { session });
        const account = await accounts.findOne({ _id: hold.accountId }, { session });
        if (!account) throw accountNotFound(hold.accountId);
        if (account.frozen) throw accountFrozen(account._id);
        await closeExpiredHolds(this.#collections, session, [account._id], hold.createdAt);
        // Reservations live on shard 0, the only shard of a floored account.
        const filter: Filter<BalanceDoc> = { accountId: account._id, shard: 0, frozen: false };
        if (hasZeroFloor(account.type)) filter.$expr = availableAtLeast(hold.amount);
        const { matchedCount } = await balances.updateOne(filter, { $inc: { held: int64(hold.amount) } }, { session });
        if (matchedCount === 0) throw insufficientFunds(account._id);
        return hold;
      },
      async () => {
        const doc = await holds.findOne({ _id: hold.id });
        return doc && { record: decodeHold(doc), request: decodeRequest(doc.request) };
      },
    );
  }

  async voidHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    const { holds } = this.#collections;
    return await this.#insertOnce(
      async (session) => {
        await holds.insertOne(encodeHold(hold, request), { session });
        return hold;
      },
      async () => {
        const doc = await holds.findOne({ _id: hold.id });
        return doc && { record: decodeHold(doc), request: decodeRequest(doc.request) };
      },
    );
  }

  async releaseHold(holdId: string, now: number): Promise<HoldRelease | null> {
    return await this.#transaction(async (session) => {
      const doc = await this.#collections.holds.findOne({ _id: holdId }, { session });
      if (!doc) return null;
      const hold = decodeHold(doc);
      if (hold.status !== 'open' || hold.expiresAt <= now) return { hold, released: false };
      await this.#endHolds(session, [hold], 'released');
      return { hold: { ...hold, status: 'released' }, released: true };
    });
  }

  async expireHolds(now: number, accountId?: string): Promise<number> {
    const filter: Filter<HoldDoc> = { status: 'open', expiresAt: { $lte: int64(now) } };
    if (accountId !== undefined) filter.accountId = accountId;
    let expired = 0;
    for (;;) {
      const count = await this.#transaction(async (session) => {
        const docs = await this.#collections.holds.find(filter, { session, limit: EXPIRY_BATCH }).toArray();
        await this.#endHolds(session, docs.map(decodeHold), 'expired');
        return docs.length;
      });
      expired += count;
      if (count < EXPIRY_BATCH) return expired;
    }
  }

  async getTransaction(id: string): Promise<StoredTransaction | null> {
    const doc = await this.#collections.transactions.findOne({ _id: id });
    return doc && decodeTransaction(doc);
  }

  async getHold(id: string): Promise<StoredHold | null> {
    const doc = await this.#collections.holds.findOne({ _id: id });
    return doc && { hold: decodeHold(doc), request: decodeRequest(doc.request) };
  }

  async refundedAmount(transactionId: string): Promise<number> {
    const doc = await this.#collections.transactions.findOne({ _id: transactionId }, { projection: { refunded: 1 } });
    return doc ? fromInt64(doc.refunded) : 0;
  }

  async statement(accountId: string, query: StatementQuery): Promise<StatementPage> {
    const { postings } = this.#collections;
    const filter: Filter<PostingDoc> = { accountId };
    if (query.cursor !== null) filter.seq = { $lt: cursorBound(query.cursor) };
    if (query.to !== null) filter.createdAt = { $lt: int64(query.to) };
    const docs = await postings.find(filter, { sort: { seq: -1 }, limit: query.limit }).toArray();
    const page: StatementEntry[] = [];
    for (const doc of docs) {
      if (query.from !== null && fromInt64(doc.createdAt) < query.from) break; // lines are in time order
      page.push(decodePosting(doc));
    }
    // A full page has a next one when any older line exists, whatever its time.
    const last = page.length === query.limit ? docs.at(-1) : undefined;
    const older = last && (await postings.findOne({ accountId, seq: { $lt: last.seq } }, { projection: { _id: 1 } }));
    return { entries: page, nextCursor: last && older ? last.seq.toString() : null };
  }

  async audit(): Promise<AccountAudit[]> {
    const { accounts, balances, postings, holds } = this.#collections;
    // One snapshot, so a commit landing mid-audit cannot make balances and postings disagree.
    return await this.#transaction(async (session) => {
      const docs = await accounts.find({}, { session }).toArray();
      const shardTotals = await balances
        .aggregate<{ _id: string; balance: Int64Sum; held: Int64Sum }>(
          [{ $group: { _id: '$accountId', balance: { $sum: '$amount' }, held: { $sum: '$held' } } }],
          { session },
        )
        .toArray();
      const shardsById = new Map(shardTotals.map((row) => [row._id, row]));
      const posted = byAccount(await postings.aggregate<AccountTotal>(sumAmounts([]), { session }).toArray());
      const openHolds = [{ $match: { status: 'open' } }];
      const open = byAccount(await holds.aggregate<AccountTotal>(sumAmounts(openHolds), { session }).toArray());
      return docs.map((doc) => {
        const shards = shardsById.get(doc._id);
        return {
          id: doc._id,
          type: doc.type,
          balance: shards ? fromInt64(shards.balance) : 0,
          held: shards ? fromInt64(shards.held) : 0,
          postedBalance: posted.get(doc._id) ?? 0,
          openHolds: open.get(doc._id) ?? 0,
        };
      });
    });
  }

  async #endHolds(session: ClientSession, ended: readonly Hold[], status: 'released' | 'expired'): Promise<void> {
    if (ended.length === 0) return;
    const ids = ended.map((hold) => hold.id);
    await this.#collections.holds.updateMany({ _id: { $in: ids } }, { $set: { status } }, { session });
    await releaseReservations(this.#collections, session, ended);
  }

  async #readAccount(session: ClientSession, id: string, now: number): Promise<Account | null> {
    const { accounts, balances, holds } = this.#collections;
    const doc = await accounts.findOne({ _id: id }, { session });
    if (!doc) return null;
    const shards = await balances.find({ accountId: id }, { session }).toArray();
    const expiredOpen = [{ $match: { accountId: id, status: 'open', expiresAt: { $lte: int64(now) } } }];
    const [expired] = await holds.aggregate<AccountTotal>(sumAmounts(expiredOpen), { session }).toArray();
    return accountView(doc, shards, expired ? fromInt64(expired.total) : 0);
  }

  /** Runs an idempotent insert; a duplicate key means the id was used before, so the stored record is returned. */
  async #insertOnce<T>(
    write: (session: ClientSession) => Promise<T>,
    readStored: () => Promise<{ record: T; request: StoredRequest } | null>,
  ): Promise<WriteOutcome<T>> {
    try {
      return { status: 'created', record: await this.#transaction(write) };
    } catch (error) {
      const stored = isDuplicateKey(error) ? await readStored() : null;
      if (!stored) throw error;
      return { status: 'duplicate', ...stored };
    }
  }

  async #transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return await this.#client.withSession((session) => session.withTransaction(work, snapshotTransactionOptions));
  }
}

/**
 * Creates a wallet store on a MongoDB replica set; call `migrate()` once before use.
 *
 * @example
 * ```ts
 * const client = new MongoClient(process.env.MONGODB_URI ?? 'mongodb://localhost:27017/?replicaSet=rs0');
 * const store = createMongoWalletStore({ client, db: 'jyotish' });
 * await store.migrate();
 * const wallet = createWallet({ store });
 * ```
 */
export function createMongoWalletStore(options: MongoWalletStoreOptions): MongoWalletStore {
  return new MongoWalletStore(options);
}

/** A `$sum` over int64 fields: a `Long`, or a plain int32 zero when nothing was summed. */
type Int64Sum = Long | number;

/** One row of a per-account `$sum`. */
interface AccountTotal {
  _id: string;
  total: Int64Sum;
}

/** A pipeline summing `amount` per account over the documents `stages` pass. */
function sumAmounts(stages: Document[]): Document[] {
  return [...stages, { $group: { _id: '$accountId', total: { $sum: '$amount' } } }];
}

function byAccount(rows: readonly AccountTotal[]): Map<string, number> {
  return new Map(rows.map((row) => [row._id, fromInt64(row.total)]));
}
