import { fromInt64, int64, isDuplicateKey, snapshotTransactionOptions } from '@jyotishconnect/core/mongodb';
import type { ClientSession, Db, Filter, MongoClient } from 'mongodb';
import { balanceShards } from '../../accounts.js';
import type {
  AccountAudit,
  BatchOutcome,
  BatchWrite,
  GroupedStatementQuery,
  HoldRelease,
  LedgerEntry,
  NewAccount,
  PositionedGroup,
  RefundReportQuery,
  StatementQuery,
  StoredHold,
  StoredRequest,
  StoredTransaction,
  WalletStore,
  WriteOutcome,
} from '../../store.js';
import type { Account, Hold, RefundReportRow, StatementPage, Transaction } from '../../types.js';
import { commitBatchIn } from './batch.js';
import { decodeHold, decodeRequest, decodeTransaction, encodeHold, type HoldDoc } from './documents.js';
import { applyEntry } from './ledger.js';
import {
  auditTotals,
  groupedStatementRows,
  readAccount,
  readAccounts,
  refundReportRows,
  statementPage,
} from './reads.js';
import { migrateWalletCollections, type WalletCollections, walletCollections } from './schema.js';
import { endHolds, placeHoldIn, releaseHoldIn } from './writes.js';

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
    return await this.#transaction((session) => readAccount(this.#collections, session, id, now));
  }

  async getAccounts(ids: readonly string[], now: number): Promise<(Account | null)[]> {
    return await this.#transaction((session) => readAccounts(this.#collections, session, ids, now));
  }

  async setFrozen(id: string, frozen: boolean, now: number): Promise<Account | null> {
    const { accounts, balances } = this.#collections;
    return await this.#transaction(async (session) => {
      const { matchedCount } = await accounts.updateOne({ _id: id }, { $set: { frozen } }, { session });
      if (matchedCount === 0) return null;
      await balances.updateMany({ accountId: id }, { $set: { frozen } }, { session });
      return await readAccount(this.#collections, session, id, now);
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

  async commitBatch(writes: readonly BatchWrite[]): Promise<BatchOutcome[]> {
    return await commitBatchIn(this.#collections, (work) => this.#transaction(work), writes);
  }

  async placeHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    const { holds } = this.#collections;
    return await this.#insertOnce(
      (session) => placeHoldIn(this.#collections, session, hold, request),
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
    return await this.#transaction((session) => releaseHoldIn(this.#collections, session, holdId, now));
  }

  async expireHolds(now: number, accountId?: string): Promise<number> {
    const filter: Filter<HoldDoc> = { status: 'open', expiresAt: { $lte: int64(now) } };
    if (accountId !== undefined) filter.accountId = accountId;
    let expired = 0;
    for (;;) {
      const count = await this.#transaction(async (session) => {
        const docs = await this.#collections.holds.find(filter, { session, limit: EXPIRY_BATCH }).toArray();
        await endHolds(this.#collections, session, docs.map(decodeHold), 'expired');
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
    return await statementPage(this.#collections, accountId, query);
  }

  async groupedStatement(accountId: string, query: GroupedStatementQuery): Promise<PositionedGroup[]> {
    return await groupedStatementRows(this.#collections, accountId, query);
  }

  async refundReport(query: RefundReportQuery): Promise<RefundReportRow[]> {
    return await refundReportRows(this.#collections, query);
  }

  async audit(): Promise<AccountAudit[]> {
    // One snapshot, so a commit landing mid-audit cannot make balances and postings disagree.
    return await this.#transaction((session) => auditTotals(this.#collections, session));
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
