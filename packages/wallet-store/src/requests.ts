import { SYSTEM_ACCOUNTS } from './accounts.js';
import { invalidInput, WalletError } from './errors.js';
import type {
  CaptureHoldInput,
  PlaceHoldInput,
  RefundInput,
  RefundManyInput,
  SplitChargeInput,
  StatementOptions,
  TopUpInput,
  TransferInput,
} from './inputs.js';
import { splitPostings } from './money.js';
import type { Capture, StatementQuery, StoredRequest } from './store.js';
import type { Hold, Metadata, Posting, Transaction } from './types.js';
import {
  assertDistinct,
  assertTwoDistinct,
  checkAmount,
  checkCommission,
  checkId,
  checkIdList,
  checkMetadata,
  checkTime,
  commissionPaise,
} from './validate.js';

// Each check runs before anything is read or written, field by field in the
// order below: a caller sending several bad fields always hears about the same one.

const MAX_REFUND_ORIGINALS = 500;

/** A checked money movement: its id, postings and metadata, with the request stored for replays. */
export interface Movement {
  readonly id: string;
  readonly postings: Posting[];
  readonly metadata: Metadata;
  readonly request: StoredRequest;
}

/** A checked {@link PlaceHoldInput}, with the request stored for replays. */
export interface HoldPlacement {
  readonly id: string;
  readonly accountId: string;
  readonly amount: number;
  readonly expiresAt: number;
  readonly metadata: Metadata;
  readonly request: StoredRequest;
}

/** A checked refund of one or more originals, oldest first; `amount` null means all that is left. */
export interface Refund {
  readonly id: string;
  readonly transactionIds: readonly string[];
  readonly amount: number | null;
  readonly metadata: Metadata;
  readonly request: StoredRequest;
}

/** Checks a {@link TopUpInput}: `source` (default `system:funding`) pays `to`. */
export function checkTopUp(input: TopUpInput, maxAmount: number): Movement {
  const id = checkId(input.id, 'id');
  const to = checkId(input.to, 'to');
  const source = input.source === undefined ? SYSTEM_ACCOUNTS.funding : checkId(input.source, 'source');
  const amount = checkAmount(input.amount, 'amount', maxAmount);
  const metadata = checkMetadata(input.metadata);
  assertTwoDistinct(source, to, 'source', 'to');
  return movementOf('topup', id, source, to, amount, metadata);
}

/** Checks a {@link TransferInput}. */
export function checkTransfer(input: TransferInput, maxAmount: number): Movement {
  const id = checkId(input.id, 'id');
  const from = checkId(input.from, 'from');
  const to = checkId(input.to, 'to');
  const amount = checkAmount(input.amount, 'amount', maxAmount);
  const metadata = checkMetadata(input.metadata);
  assertTwoDistinct(from, to, 'from', 'to');
  return movementOf('transfer', id, from, to, amount, metadata);
}

/** The movement of a checked plain move: `amount` from `from` to `to`, with the request it answers. */
function movementOf(
  kind: MoveKind,
  id: string,
  from: string,
  to: string,
  amount: number,
  metadata: Metadata,
): Movement {
  return {
    id,
    postings: movePostings(from, to, amount),
    metadata,
    request: moveRequest(kind, from, to, amount, metadata),
  };
}

/** A plain move: a transfer, or a top-up (whose payer is its `source`). */
export type MoveKind = 'topup' | 'transfer';

/**
 * The request a transfer or top-up stores, and the only way one is built: a
 * store may keep the transaction alone and rebuild this from its postings and
 * metadata when {@link isMoveRequest} says so.
 */
export function moveRequest(
  kind: MoveKind,
  payer: string,
  to: string,
  amount: number,
  metadata: Metadata,
): StoredRequest {
  return kind === 'transfer'
    ? { kind, from: payer, to, amount, metadata }
    : { kind, source: payer, to, amount, metadata };
}

/** Whether `request` is what {@link moveRequest} builds from this transaction's kind, postings and metadata. */
export function isMoveRequest(
  request: StoredRequest,
  transaction: Pick<Transaction, 'kind' | 'postings' | 'metadata'>,
): boolean {
  const { kind } = request;
  const { postings } = transaction;
  if ((kind !== 'transfer' && kind !== 'topup') || transaction.kind !== kind || postings.length !== 2) return false;
  const debit = postings[0] as Posting;
  const credit = postings[1] as Posting;
  return (
    (kind === 'transfer' ? request.from : request.source) === debit.accountId &&
    request.to === credit.accountId &&
    request.amount === credit.amount &&
    request.metadata === transaction.metadata
  );
}

/** Checks a {@link SplitChargeInput}: the payer pays `amount`, the platform (default `system:revenue`) takes its commission. */
export function checkSplitCharge(input: SplitChargeInput, maxAmount: number): Movement {
  const id = checkId(input.id, 'id');
  const from = checkId(input.from, 'from');
  const to = checkId(input.to, 'to');
  const platform = input.platform === undefined ? SYSTEM_ACCOUNTS.revenue : checkId(input.platform, 'platform');
  const amount = checkAmount(input.amount, 'amount', maxAmount);
  const commission = checkCommission(input);
  const metadata = checkMetadata(input.metadata);
  assertDistinct([from, to, platform], ['from', 'to', 'platform']);
  const postings = splitPostings(from, to, platform, amount, commissionPaise(commission, amount));
  const request = { kind: 'split', from, to, platform, amount, ...commission, metadata };
  return { id, postings, metadata, request };
}

/** Checks a {@link PlaceHoldInput}; whether `expiresAt` is still ahead is for the caller to judge against its clock. */
export function checkPlaceHold(input: PlaceHoldInput, maxAmount: number): HoldPlacement {
  const id = checkId(input.id, 'id');
  const accountId = checkId(input.accountId, 'accountId');
  const amount = checkAmount(input.amount, 'amount', maxAmount);
  const expiresAt = checkTime(input.expiresAt, 'expiresAt');
  const metadata = checkMetadata(input.metadata);
  return {
    id,
    accountId,
    amount,
    expiresAt,
    metadata,
    request: placementRequest(accountId, amount, expiresAt, metadata),
  };
}

/** The request a hold placement stores: every field of it is also a field of the hold it places. */
export function placementRequest(
  accountId: string,
  amount: number,
  expiresAt: number,
  metadata: Metadata,
): StoredRequest {
  return { accountId, amount, expiresAt, metadata };
}

/** Checks a {@link CaptureHoldInput}; the rules that need the hold itself are in {@link capturePostings}. */
export function checkCapture(input: CaptureHoldInput, maxAmount: number): Capture {
  const id = checkId(input.id, 'id');
  const holdId = checkId(input.holdId, 'holdId');
  const to = checkId(input.to, 'to');
  const metadata = checkMetadata(input.metadata);
  const commission =
    input.commissionBps === undefined && input.commission === undefined ? null : checkCommission(input);
  const platform = input.platform === undefined ? SYSTEM_ACCOUNTS.revenue : checkId(input.platform, 'platform');
  const amount = input.amount === undefined ? null : checkAmount(input.amount, 'amount', maxAmount);
  const request =
    amount !== null && commission !== null && 'commission' in commission
      ? captureRequest(holdId, to, amount, commission.commission, platform, metadata)
      : { kind: 'capture', holdId, to, amount, ...(commission ?? { commissionBps: null }), platform, metadata };
  return { id, holdId, to, platform, commission, amount, metadata, request };
}

/**
 * The request a capture stores when it names its amount and its commission
 * in paise, as billing's do, and the only way one is built: a store may keep
 * the transaction alone and rebuild this from its postings and metadata when
 * {@link isCaptureRequest} says so.
 */
export function captureRequest(
  holdId: string,
  to: string,
  amount: number,
  commission: number,
  platform: string,
  metadata: Metadata,
): StoredRequest {
  return { kind: 'capture', holdId, to, amount, commission, platform, metadata };
}

/**
 * Whether `request` is what {@link captureRequest} builds from this
 * transaction's hold, postings and metadata: a split capture with a part for
 * `to` and one for the platform, which is what its three postings say.
 */
export function isCaptureRequest(
  request: StoredRequest,
  transaction: Pick<Transaction, 'holdId' | 'postings' | 'metadata'>,
): boolean {
  const { postings } = transaction;
  if (request.kind !== 'capture' || postings.length !== 3) return false;
  const debit = postings[0] as Posting;
  const credit = postings[1] as Posting;
  const commission = postings[2] as Posting;
  return (
    request.holdId === transaction.holdId &&
    request.to === credit.accountId &&
    request.amount === -debit.amount &&
    request.commission === commission.amount &&
    request.platform === commission.accountId &&
    request.metadata === transaction.metadata &&
    Object.keys(request).length === 7
  );
}

/**
 * The postings of `capture` against its open `hold`: a debit of the hold's
 * account to `to`, split with the platform when a commission was given. More
 * than the hold reserves is `CAPTURE_EXCEEDS_HOLD`.
 */
export function capturePostings(capture: Capture, hold: Hold): Posting[] {
  const { holdId, to, platform, commission } = capture;
  const amount = capture.amount ?? hold.amount;
  if (amount > hold.amount) {
    throw new WalletError('CAPTURE_EXCEEDS_HOLD', `capture of ${amount} exceeds hold ${holdId} of ${hold.amount}`, {
      details: { holdId, amount, held: hold.amount },
    });
  }
  const from = hold.accountId;
  if (commission) assertDistinct([from, to, platform], ['hold account', 'to', 'platform']);
  else assertDistinct([from, to], ['hold account', 'to']);
  return commission
    ? splitPostings(from, to, platform, amount, commissionPaise(commission, amount))
    : movePostings(from, to, amount);
}

/** Checks a {@link RefundInput}. */
export function checkRefund(input: RefundInput, maxAmount: number): Refund {
  const id = checkId(input.id, 'id');
  const transactionId = checkId(input.transactionId, 'transactionId');
  const amount = input.amount === undefined ? null : checkAmount(input.amount, 'amount', maxAmount);
  const metadata = checkMetadata(input.metadata);
  const request = { kind: 'refund', transactionId, amount, metadata };
  return { id, transactionIds: [transactionId], amount, metadata, request };
}

/** Checks a {@link RefundManyInput}: 1 to 500 distinct originals. */
export function checkRefundMany(input: RefundManyInput, maxAmount: number): Refund {
  const id = checkId(input.id, 'id');
  const transactionIds = checkIdList(input.transactionIds, 'transactionIds', MAX_REFUND_ORIGINALS);
  const amount = input.amount === undefined ? null : checkAmount(input.amount, 'amount', maxAmount);
  const metadata = checkMetadata(input.metadata);
  const request = { kind: 'refundMany', transactionIds, amount, metadata };
  return { id, transactionIds, amount, metadata, request };
}

/** Checks {@link StatementOptions}: a page of 1 to 500 lines (default 50), an opaque cursor, a time window. */
export function checkStatementOptions(options: StatementOptions): StatementQuery {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalidInput('limit', 'must be an integer from 1 to 500');
  if (options.cursor !== undefined && !/^\d{1,19}$/.test(options.cursor))
    throw invalidInput('cursor', 'is not a cursor');
  const from = options.from === undefined ? null : checkTime(options.from, 'from');
  const to = options.to === undefined ? null : checkTime(options.to, 'to');
  return { limit, cursor: options.cursor ?? null, from, to };
}

/** `amount` moved from one account to another. */
function movePostings(from: string, to: string, amount: number): Posting[] {
  return [
    { accountId: from, amount: -amount },
    { accountId: to, amount },
  ];
}
