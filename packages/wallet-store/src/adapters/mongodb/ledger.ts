import { fromInt64, int64 } from '@jyotishconnect/core/mongodb';
import { type ClientSession, type Filter, Long, type WithId } from 'mongodb';
import { hasZeroFloor, postingAccounts } from '../../accounts.js';
import { balanceLimitExceeded, concurrentRefund, insufficientFunds } from '../../errors.js';
import { assertCapturable } from '../../holds.js';
import { assertRefundsCurrent } from '../../refunds.js';
import type { LedgerEntry, RefundPart } from '../../store.js';
import type { Posting, Transaction } from '../../types.js';
import {
  type AccountDoc,
  type BalanceDoc,
  type CounterDoc,
  decodeHold,
  type HoldDoc,
  type PostingDoc,
  shardOf,
} from './documents.js';
import type { WalletCollections } from './schema.js';

/** A reservation to drop from an account's shard 0. */
export interface Reservation {
  readonly accountId: string;
  readonly amount: number;
}

/**
 * Writes a ledger entry inside the caller's transaction, checking in the
 * memory adapter's order so the same input fails with the same error. A
 * thrown guard error aborts the transaction, so nothing is written.
 */
export async function applyEntry(
  c: WalletCollections,
  session: ClientSession,
  entry: LedgerEntry,
): Promise<Transaction> {
  const { transaction: draft, captureHold, refunds = [] } = entry;
  const ids = draft.postings.map((posting) => posting.accountId);
  const found = new Map<string, AccountDoc>();
  for (const doc of await c.accounts.find({ _id: { $in: ids } }, { session }).toArray()) found.set(doc._id, doc);
  const currency = found.get(ids[0] ?? '')?.currency ?? '';
  // Inserted before any check: a replayed id must come back as a duplicate, never as a guard error.
  await c.transactions.insertOne(
    {
      _id: draft.id,
      kind: draft.kind,
      currency,
      postings: draft.postings.map((posting) => ({ accountId: posting.accountId, amount: int64(posting.amount) })),
      metadata: draft.metadata,
      holdId: draft.holdId,
      refundOf: draft.refundOf,
      createdAt: int64(draft.createdAt),
      request: JSON.stringify(entry.request),
      refunded: int64(0),
    },
    { session },
  );

  const legs = postingAccounts(draft.postings, found).map((account, index) => ({
    posting: draft.postings[index] as Posting,
    account,
  }));

  await closeExpiredHolds(c, session, ids, draft.createdAt);
  if (captureHold) {
    const doc = await c.holds.findOne({ _id: captureHold.holdId }, { session });
    const hold = doc && decodeHold(doc);
    assertCapturable(hold, captureHold.holdId, draft.createdAt);
    const debited = draft.postings.find((posting) => posting.accountId === hold.accountId);
    const capturedAmount = int64(debited ? -debited.amount : 0);
    await c.holds.updateOne(
      { _id: hold.id },
      { $set: { status: 'captured', capturedAmount, captureTransactionId: draft.id } },
      { session },
    );
    // Released before the floors are checked, so the captured funds count as available.
    await releaseReservations(c, session, [hold]);
  }
  if (refunds.length > 0) await countRefunds(c, session, refunds);

  const balancesAfter: (Long | null)[] = [];
  for (const { posting, account } of legs) {
    const filter: Filter<BalanceDoc> = {
      accountId: account._id,
      shard: shardOf(entry.slot, account.shards),
      frozen: false,
    };
    const credit = posting.amount > 0;
    if (hasZeroFloor(account.type)) {
      filter.$expr = credit ? balanceAtMost(entry.maxBalance - posting.amount) : availableAtLeast(-posting.amount);
    }
    const balance = await c.balances.findOneAndUpdate(
      filter,
      { $inc: { amount: int64(posting.amount) } },
      { session, returnDocument: 'after' },
    );
    // The account was read unfrozen in this same snapshot, so only the floor or the ceiling can have failed.
    if (!balance) throw credit ? balanceLimitExceeded(account._id) : insufficientFunds(account._id);
    // A shard of a sharded account holds only part of its balance, so its lines carry none.
    balancesAfter.push(account.shards === 1 ? balance.amount : null);
  }

  const first = legs.length > 0 ? await allocateSequence(c, legs.length) : Long.ZERO;
  const lines: PostingDoc[] = legs.map(({ posting }, index) => ({
    seq: first.add(index),
    accountId: posting.accountId,
    transactionId: draft.id,
    kind: draft.kind,
    amount: int64(posting.amount),
    balanceAfter: balancesAfter[index] ?? null,
    metadata: draft.metadata,
    createdAt: int64(draft.createdAt),
  }));
  if (lines.length > 0) await c.postings.insertMany(lines, { session });
  return { ...draft, currency };
}

/**
 * Adds each part to its original's refunded total if that total is still the
 * expected one, naming the first that moved otherwise. Read and written in the
 * caller's snapshot, where a concurrent change to the same document aborts the
 * transaction with a write conflict, so the check cannot go stale.
 */
async function countRefunds(c: WalletCollections, session: ClientSession, refunds: readonly RefundPart[]) {
  const ids = refunds.map((part) => part.transactionId);
  const docs = await c.transactions.find({ _id: { $in: ids } }, { session, projection: { refunded: 1 } }).toArray();
  const current = new Map(docs.map((doc) => [doc._id, fromInt64(doc.refunded)]));
  assertRefundsCurrent(
    refunds,
    refunds.map((part) => current.get(part.transactionId)),
  );
  const updates = refunds.map((part) => ({
    updateOne: {
      filter: { _id: part.transactionId, refunded: int64(part.expectedRefunded) },
      update: { $inc: { refunded: int64(part.amount) } },
    },
  }));
  const { matchedCount } = await c.transactions.bulkWrite(updates, { session });
  if (matchedCount !== refunds.length) throw concurrentRefund(ids[0] as string);
}

/** Drops reservations from their accounts' shard 0, one update per account, in the caller's transaction. */
export async function releaseReservations(
  c: WalletCollections,
  session: ClientSession,
  reservations: readonly Reservation[],
): Promise<void> {
  const totals = new Map<string, number>();
  for (const { accountId, amount } of reservations) totals.set(accountId, (totals.get(accountId) ?? 0) + amount);
  const updates = [...totals].map(([accountId, amount]) => ({
    updateOne: { filter: { accountId, shard: 0 }, update: { $inc: { held: int64(-amount) } } },
  }));
  await c.balances.bulkWrite(updates, { session });
}

/**
 * Closes the open holds of `accountIds` that expired by `now` (expiry on
 * touch) and drops their reservations, in the caller's transaction.
 */
export async function closeExpiredHolds(
  c: WalletCollections,
  session: ClientSession,
  accountIds: readonly string[],
  now: number,
): Promise<void> {
  const filter: Filter<HoldDoc> = {
    accountId: { $in: [...accountIds] },
    status: 'open',
    expiresAt: { $lte: int64(now) },
  };
  const expired = (await c.holds.find(filter, { session }).toArray()).map(decodeHold);
  if (expired.length === 0) return;
  await c.holds.updateMany(
    { _id: { $in: expired.map((hold) => hold.id) } },
    { $set: { status: 'expired' } },
    { session },
  );
  await releaseReservations(c, session, expired);
}

/** Filter clause: the shard's `amount` is at most `ceiling` paise. */
function balanceAtMost(ceiling: number): Filter<BalanceDoc>['$expr'] {
  return { $lte: ['$amount', int64(ceiling)] };
}

/** Filter clause: the shard's `amount - held` is at least `needed` paise. */
export function availableAtLeast(needed: number): Filter<BalanceDoc>['$expr'] {
  return { $gte: [{ $subtract: ['$amount', '$held'] }, int64(needed)] };
}

/**
 * Reserves `count` consecutive statement sequence numbers and returns the
 * first. Incremented outside the transaction, like a SQL sequence: a counter
 * written inside every transaction would make all commits conflict on it.
 */
async function allocateSequence(c: WalletCollections, count: number): Promise<Long> {
  const counter = await c.counters.findOneAndUpdate(
    { _id: 'postings' },
    { $inc: { value: int64(count) } },
    { upsert: true, returnDocument: 'after' },
  );
  // An upsert returning the document after the update always finds one.
  return (counter as WithId<CounterDoc>).value.subtract(count - 1);
}
