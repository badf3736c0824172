import { int64 } from '@jyotishconnect/core/mongodb';
import type { ClientSession, Filter } from 'mongodb';
import { hasZeroFloor, usableAccount } from '../../accounts.js';
import { insufficientFunds } from '../../errors.js';
import { effectiveStatus } from '../../holds.js';
import type { HoldRelease, StoredRequest } from '../../store.js';
import type { Hold } from '../../types.js';
import { type BalanceDoc, decodeHold, encodeHold } from './documents.js';
import { availableAtLeast, closeExpiredHolds, releaseReservations } from './ledger.js';
import type { WalletCollections } from './schema.js';

// The hold writes inside the caller's transaction, shared by the one-by-one
// methods (one transaction each) and batches (one transaction for all).

/** Inserts and reserves a hold; a thrown guard aborts the caller's transaction. A used id fails on the unique index. */
export async function placeHoldIn(
  c: WalletCollections,
  session: ClientSession,
  hold: Hold,
  request: StoredRequest,
): Promise<Hold> {
  await c.holds.insertOne(encodeHold(hold, request), { session });
  const account = usableAccount(await c.accounts.findOne({ _id: hold.accountId }, { session }), hold.accountId);
  await closeExpiredHolds(c, session, [account._id], hold.createdAt);
  // Reservations live on shard 0, the only shard of a floored account.
  const filter: Filter<BalanceDoc> = { accountId: account._id, shard: 0, frozen: false };
  if (hasZeroFloor(account.type)) filter.$expr = availableAtLeast(hold.amount);
  const { matchedCount } = await c.balances.updateOne(filter, { $inc: { held: int64(hold.amount) } }, { session });
  if (matchedCount === 0) throw insufficientFunds(account._id);
  return hold;
}

/** Releases a hold open and unexpired at `now`; any other hold is returned as stored, an unknown id as `null`. */
export async function releaseHoldIn(
  c: WalletCollections,
  session: ClientSession,
  holdId: string,
  now: number,
): Promise<HoldRelease | null> {
  const doc = await c.holds.findOne({ _id: holdId }, { session });
  if (!doc) return null;
  const hold = decodeHold(doc);
  if (effectiveStatus(hold, now) !== 'open') return { hold, released: false };
  await endHolds(c, session, [hold], 'released');
  return { hold: { ...hold, status: 'released' }, released: true };
}

/** Moves holds out of `open` and drops their reservations. */
export async function endHolds(
  c: WalletCollections,
  session: ClientSession,
  ended: readonly Hold[],
  status: 'released' | 'expired',
): Promise<void> {
  if (ended.length === 0) return;
  const ids = ended.map((hold) => hold.id);
  await c.holds.updateMany({ _id: { $in: ids } }, { $set: { status } }, { session });
  await releaseReservations(c, session, ended);
}
