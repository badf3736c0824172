import { fromInt64, int64 } from '@jyotishconnect/core/mongodb';
import { Long } from 'mongodb';
import type { StoredRequest, StoredTransaction } from '../../store.js';
import type { Account, AccountType, Hold, HoldStatus, Metadata, StatementEntry, TransactionKind } from '../../types.js';

// Every integer that can outgrow int32 (paise, epoch milliseconds, sequences)
// is stored as an int64 `Long`, so no amount is ever a BSON double.

/** An account's fixed facts; `frozen` is mirrored on its balance shards. */
export interface AccountDoc {
  _id: string;
  type: AccountType;
  currency: string;
  frozen: boolean;
  /** Balance shards, fixed at creation so a later sharding change leaves stored accounts readable. */
  shards: number;
  createdAt: Long;
}

/** One shard of an account's balance; reservations (`held`) always sit on shard 0. */
export interface BalanceDoc {
  accountId: string;
  shard: number;
  amount: Long;
  held: Long;
  /** Copy of the account's flag: a freeze writes every shard, so it write-conflicts with a concurrent commit. */
  frozen: boolean;
}

/** A committed transaction with the request that created it and the paise refunded from it so far. */
export interface TransactionDoc {
  _id: string;
  kind: TransactionKind;
  currency: string;
  postings: { accountId: string; amount: Long }[];
  metadata: Metadata;
  holdId: string | null;
  refundOf: string | null;
  createdAt: Long;
  /** The caller's request as JSON: an opaque blob compared on replay, never queried. */
  request: string;
  refunded: Long;
}

/** A hold with the request that placed it. */
export interface HoldDoc {
  _id: string;
  accountId: string;
  amount: Long;
  status: HoldStatus;
  capturedAmount: Long;
  captureTransactionId: string | null;
  expiresAt: Long;
  metadata: Metadata;
  createdAt: Long;
  request: string;
}

/** One statement line; `seq` orders an account's lines and is the cursor. */
export interface PostingDoc {
  seq: Long;
  accountId: string;
  transactionId: string;
  kind: TransactionKind;
  amount: Long;
  balanceAfter: Long | null;
  metadata: Metadata;
  createdAt: Long;
}

/** A named counter allocated outside transactions, like a SQL sequence. */
export interface CounterDoc {
  _id: string;
  value: Long;
}

/**
 * The exclusive upper bound on `seq` for a statement cursor. The domain lets
 * through any 19-digit string; one past int64 still means "older than all".
 */
export function cursorBound(cursor: string): Long {
  const value = BigInt(cursor);
  return value > Long.MAX_VALUE.toBigInt() ? Long.MAX_VALUE : Long.fromBigInt(value);
}

/** The shard a posting lands on. */
export function shardOf(slot: number, shards: number): number {
  return slot % shards;
}

/**
 * An account as the port returns it, from its document and the sums over its
 * shards, less `expiredHeld`: what open holds past their expiry still reserve in storage.
 */
export function accountView(doc: AccountDoc, shards: readonly BalanceDoc[], expiredHeld: number): Account {
  let balance = 0;
  let held = 0;
  for (const shard of shards) {
    balance += fromInt64(shard.amount);
    held += fromInt64(shard.held);
  }
  held -= expiredHeld;
  return {
    id: doc._id,
    type: doc.type,
    currency: doc.currency,
    frozen: doc.frozen,
    balance,
    held,
    available: balance - held,
    createdAt: fromInt64(doc.createdAt),
  };
}

/** A transaction document as the port returns it. */
export function decodeTransaction(doc: TransactionDoc): StoredTransaction {
  return {
    transaction: {
      id: doc._id,
      kind: doc.kind,
      currency: doc.currency,
      postings: doc.postings.map((posting) => ({ accountId: posting.accountId, amount: fromInt64(posting.amount) })),
      metadata: doc.metadata,
      holdId: doc.holdId,
      refundOf: doc.refundOf,
      createdAt: fromInt64(doc.createdAt),
    },
    request: decodeRequest(doc.request),
  };
}

/** A hold as stored. */
export function encodeHold(hold: Hold, request: StoredRequest): HoldDoc {
  return {
    _id: hold.id,
    accountId: hold.accountId,
    amount: int64(hold.amount),
    status: hold.status,
    capturedAmount: int64(hold.capturedAmount),
    captureTransactionId: hold.captureTransactionId,
    expiresAt: int64(hold.expiresAt),
    metadata: hold.metadata,
    createdAt: int64(hold.createdAt),
    request: JSON.stringify(request),
  };
}

/** A hold document as the port returns it. */
export function decodeHold(doc: HoldDoc): Hold {
  return {
    id: doc._id,
    accountId: doc.accountId,
    amount: fromInt64(doc.amount),
    status: doc.status,
    capturedAmount: fromInt64(doc.capturedAmount),
    captureTransactionId: doc.captureTransactionId,
    expiresAt: fromInt64(doc.expiresAt),
    metadata: doc.metadata,
    createdAt: fromInt64(doc.createdAt),
  };
}

/** The request a hold or transaction document was written with. */
export function decodeRequest(json: string): StoredRequest {
  return JSON.parse(json) as StoredRequest;
}

/** A posting document as a statement line. */
export function decodePosting(doc: PostingDoc): StatementEntry {
  return {
    cursor: doc.seq.toString(),
    transactionId: doc.transactionId,
    kind: doc.kind,
    amount: fromInt64(doc.amount),
    balanceAfter: doc.balanceAfter === null ? null : fromInt64(doc.balanceAfter),
    metadata: doc.metadata,
    createdAt: fromInt64(doc.createdAt),
  };
}
