import { holdNotFound, holdNotOpen, invalidInput } from './errors.js';
import { effectiveStatus, holdAt } from './holds.js';
import type { CaptureHoldInput, PlaceHoldInput, VoidHoldInput } from './inputs.js';
import { capturePostings, checkCapture, checkPlaceHold } from './requests.js';
import type { HoldRelease, StoredRequest, WriteOutcome } from './store.js';
import type { Hold, Metadata, Transaction } from './types.js';
import { checkId } from './validate.js';
import { replayed, replayOf, type WalletContext } from './wallet-context.js';

/** Places a hold, as {@link Wallet.placeHold} documents. */
export async function placeHold(context: WalletContext, input: PlaceHoldInput): Promise<Hold> {
  const { id, accountId, amount, expiresAt, metadata, request } = checkPlaceHold(input, context.limits.maxAmount);
  const now = context.clock.now();
  if (expiresAt <= now) {
    // Too late for a new hold, but perhaps a replay of one placed in time: the id decides first.
    const stored = await context.store.getHold(id);
    return settlePlacement(
      context,
      stored && { status: 'duplicate', ...stored, record: stored.hold },
      id,
      request,
      now,
    );
  }
  const hold = openHold(id, accountId, amount, expiresAt, metadata, now);
  return settlePlacement(context, await context.store.placeHold(hold, request), id, request, now);
}

/** A new open hold as `placeHold` stores it. */
export function openHold(
  id: string,
  accountId: string,
  amount: number,
  expiresAt: number,
  metadata: Metadata,
  now: number,
): Hold {
  return {
    id,
    accountId,
    amount,
    status: 'open',
    capturedAmount: 0,
    captureTransactionId: null,
    expiresAt,
    metadata,
    createdAt: now,
  };
}

/**
 * The hold a placement at `now` returns: `null` (a placement too late to
 * insert, whose id was never used) is `INVALID_INPUT`; a replay of another
 * request is `IDEMPOTENCY_CONFLICT`; a new hold emits its event.
 */
export function settlePlacement(
  context: WalletContext,
  outcome: WriteOutcome<Hold> | null,
  id: string,
  request: StoredRequest,
  now: number,
): Hold {
  if (!outcome) throw invalidInput('expiresAt', 'must be in the future');
  const placed = replayed(outcome, 'hold', id, request);
  if (outcome.status === 'created') context.events.emit('hold', placed);
  return holdAt(placed, now);
}

/** Captures a hold, as {@link Wallet.captureHold} documents. */
export async function captureHold(context: WalletContext, input: CaptureHoldInput): Promise<Transaction> {
  const capture = checkCapture(input, context.limits.maxAmount);
  const { id, holdId, metadata, request } = capture;
  const hold = (await context.store.getHold(holdId))?.hold;
  const status = hold ? effectiveStatus(hold, context.clock.now()) : null;
  if (!hold || status !== 'open') {
    // Not capturable now, but the id decides first: a replay returns what it committed.
    const previous = await context.store.getTransaction(id);
    if (previous) return replayOf(previous, id, request);
    throw status === null ? holdNotFound(holdId) : holdNotOpen(holdId, status);
  }
  const postings = capturePostings(capture, hold);
  return context.commit(
    capture.commission ? 'split' : 'transfer',
    { id, postings, metadata, request },
    { holdId, captureHold: { holdId } },
  );
}

/** Releases a hold, as {@link Wallet.releaseHold} documents. */
export async function releaseHold(context: WalletContext, holdId: string): Promise<Hold> {
  const id = checkId(holdId, 'holdId');
  const now = context.clock.now();
  return settleRelease(context, id, await context.store.releaseHold(id, now), now);
}

/** The hold a release at `now` leaves: `HOLD_NOT_FOUND`, or `HOLD_NOT_OPEN` unless it is (or just was) released. */
export function settleRelease(context: WalletContext, id: string, outcome: HoldRelease | null, now: number): Hold {
  if (!outcome) throw holdNotFound(id);
  const hold = holdAt(outcome.hold, now);
  if (outcome.released) context.events.emit('hold', hold);
  else if (hold.status !== 'released') throw holdNotOpen(id, hold.status);
  return hold;
}

/** Voids a hold id, placed or not, as {@link Wallet.voidHold} documents. */
export async function voidHold(context: WalletContext, input: VoidHoldInput): Promise<Hold> {
  const id = checkId(input.id, 'id');
  const accountId = checkId(input.accountId, 'accountId');
  for (;;) {
    const now = context.clock.now();
    const outcome = await context.store.releaseHold(id, now);
    if (outcome) return settleVoidRelease(context, outcome, now);
    const voided = await context.store.voidHold(voidRecord(id, accountId, now), { void: true, accountId });
    // Placed meanwhile: the next turn releases it.
    if (voided.status === 'created') return voided.record;
  }
}

/** What voiding an existing hold returns: the hold as it stands, with an event if this released it. */
export function settleVoidRelease(context: WalletContext, outcome: HoldRelease, now: number): Hold {
  if (outcome.released) context.events.emit('hold', outcome.hold);
  return holdAt(outcome.hold, now);
}

/** The record that voids a hold id never placed: released, 0 paise, so it can never reserve money. */
export function voidRecord(id: string, accountId: string, now: number): Hold {
  return {
    id,
    accountId,
    amount: 0,
    status: 'released',
    capturedAmount: 0,
    captureTransactionId: null,
    expiresAt: now,
    metadata: {},
    createdAt: now,
  };
}
