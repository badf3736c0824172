import { createMissingCollections, int64CollectionOptions } from '@jyotishconnect/core/mongodb';
import type { Collection, Db } from 'mongodb';
import type { AccountDoc, BalanceDoc, CounterDoc, HoldDoc, PostingDoc, TransactionDoc } from './documents.js';

/** The wallet collections of one store. */
export interface WalletCollections {
  readonly accounts: Collection<AccountDoc>;
  readonly balances: Collection<BalanceDoc>;
  readonly transactions: Collection<TransactionDoc>;
  readonly holds: Collection<HoldDoc>;
  readonly postings: Collection<PostingDoc>;
  readonly counters: Collection<CounterDoc>;
}

/**
 * Opens the collections named `prefix + name`. The one write made outside a
 * transaction is the statement sequence; transactions carry their own concern.
 */
export function walletCollections(db: Db, prefix: string): WalletCollections {
  return {
    accounts: db.collection<AccountDoc>(`${prefix}accounts`, int64CollectionOptions),
    balances: db.collection<BalanceDoc>(`${prefix}balances`, int64CollectionOptions),
    transactions: db.collection<TransactionDoc>(`${prefix}transactions`, int64CollectionOptions),
    holds: db.collection<HoldDoc>(`${prefix}holds`, int64CollectionOptions),
    postings: db.collection<PostingDoc>(`${prefix}postings`, int64CollectionOptions),
    counters: db.collection<CounterDoc>(`${prefix}counters`, int64CollectionOptions),
  };
}

/**
 * Creates the collections and indexes, idempotently. Transaction and hold ids
 * are the `_id`, whose built-in unique index makes every write idempotent.
 */
export async function migrateWalletCollections(db: Db, collections: WalletCollections): Promise<void> {
  await createMissingCollections(db, Object.values(collections));
  const { balances, holds, postings, transactions } = collections;
  await balances.createIndex({ accountId: 1, shard: 1 }, { unique: true, name: 'account_shard' });
  // Unique so a lost or reset sequence counter fails loudly instead of repeating cursors.
  await postings.createIndex({ accountId: 1, seq: -1 }, { unique: true, name: 'statement' });
  await holds.createIndex({ status: 1, expiresAt: 1 }, { name: 'open_holds' });
  // Refund reports read only refunds, a small part of the transactions.
  await transactions.createIndex({ createdAt: 1 }, { name: 'refunds', partialFilterExpression: { kind: 'refund' } });
  // Expiry on touch and on read: an account's open holds past their expiry.
  await holds.createIndex({ accountId: 1, status: 1, expiresAt: 1 }, { name: 'account_open_holds' });
}
