import { invalidInput, WalletError } from './errors.js';
import { openHold, settlePlacement, settleRelease, settleVoidRelease, voidRecord } from './hold-operations.js';
import type { BatchOperation, BatchResult } from './inputs.js';
import {
  checkCapture,
  checkPlaceHold,
  checkSplitCharge,
  checkTopUp,
  checkTransfer,
  type Movement,
} from './requests.js';
import type { BatchOutcome, BatchWrite } from './store.js';
import type { Account, Hold, Transaction, TransactionKind } from './types.js';
import { checkId } from './validate.js';
import type { WalletContext } from './wallet-context.js';

/** Most operations one {@link Wallet.commitMany} call takes: one statement's worth, well inside any transaction limit. */
export const MAX_BATCH_OPERATIONS = 1_000;

/** A checked operation: the write the store applies, and how its outcome becomes the operation's result. */
interface PlannedWrite {
  readonly write: BatchWrite;
  readonly settle: (outcome: BatchOutcome) => Transaction | Hold;
}

/**
 * Commits `operations` as {@link Wallet.commitMany} documents: each is checked
 * as its one-by-one method checks it (a bad one fails alone, before the store
 * sees it), the rest go to the store as one batch, and each outcome is
 * settled as the one-by-one method settles it (replays, conflicts, events).
 */
export async function commitMany(
  context: WalletContext,
  operations: readonly BatchOperation[],
): Promise<BatchResult[]> {
  checkBatchSize(operations, 'operations');
  const now = context.clock.now();
  // One shard slot for the whole batch: its credits to a sharded account land on one of that account's
  // rows, so a store that locks per row lets a concurrent batch, on the next slot, run beside this one.
  const slot = context.nextSlot();
  const results: BatchResult[] = new Array(operations.length);
  const planned: PlannedWrite[] = [];
  const positions: number[] = [];
  operations.forEach((operation, index) => {
    const result = settled(() => {
      planned.push(plan(context, operation, now, slot));
      positions.push(index);
    });
    if (!result.ok) results[index] = result;
  });
  const outcomes = planned.length === 0 ? [] : await context.store.commitBatch(planned.map((each) => each.write));
  outcomes.forEach((outcome, k) => {
    const { settle } = planned[k] as PlannedWrite;
    results[positions[k] as number] = settled(() => settle(outcome));
  });
  return results;
}

/**
 * Reads {@link Wallet.getAccount}. Not `async`, and neither are the wallet's hold methods: billing
 * calls them every tick, and an `async` wrapper's promise and frame were a sixth of what a tick
 * allocated. A bad id still rejects rather than throws.
 */
export function readAccount(context: WalletContext, id: string): Promise<Account | null> {
  try {
    return context.store.getAccount(checkId(id, 'id'), context.clock.now());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Reads {@link Wallet.getAccounts}: every id checked first, then one store call; more than 1,000 is `INVALID_INPUT`. */
export async function readAccounts(context: WalletContext, ids: readonly string[]): Promise<(Account | null)[]> {
  checkBatchSize(ids, 'ids');
  const checked = ids.map((id) => checkId(id, 'ids'));
  return checked.length === 0 ? [] : await context.store.getAccounts(checked, context.clock.now());
}

/** `INVALID_INPUT` naming `field` unless `values` is an array of at most {@link MAX_BATCH_OPERATIONS}. */
function checkBatchSize(values: unknown, field: string): void {
  if (Array.isArray(values) && values.length <= MAX_BATCH_OPERATIONS) return;
  throw new WalletError('INVALID_INPUT', `${field} must be an array of at most ${MAX_BATCH_OPERATIONS}`, {
    details: { field, max: MAX_BATCH_OPERATIONS },
  });
}

/** Runs `work`; a wallet error becomes a failed result, anything else propagates. */
function settled<T>(work: () => T): BatchResult {
  try {
    return { ok: true, value: work() as Transaction | Hold };
  } catch (error) {
    if (error instanceof WalletError) return { ok: false, error };
    throw error;
  }
}

/** Checks one operation and plans its write; throws the `WalletError` its one-by-one method would throw first. */
function plan(context: WalletContext, operation: BatchOperation, now: number, slot: number): PlannedWrite {
  const { maxAmount } = context.limits;
  switch (operation?.op) {
    case 'topUp':
      return movement(context, 'topup', checkTopUp(operation, maxAmount), now, slot);
    case 'transfer':
      return movement(context, 'transfer', checkTransfer(operation, maxAmount), now, slot);
    case 'splitCharge':
      return movement(context, 'split', checkSplitCharge(operation, maxAmount), now, slot);
    case 'placeHold': {
      const { id, accountId, amount, expiresAt, metadata, request } = checkPlaceHold(operation, maxAmount);
      const hold = openHold(id, accountId, amount, expiresAt, metadata, now);
      return {
        write: { type: 'placeHold', hold, request },
        settle: (outcome) => settlePlacement(context, outcomeValue(outcome, 'hold'), id, request, now),
      };
    }
    case 'captureHold': {
      const capture = checkCapture(operation, maxAmount);
      const write = {
        type: 'capture',
        capture,
        createdAt: now,
        slot,
        maxBalance: context.limits.maxBalance,
      } as const;
      return {
        write,
        settle: (outcome) =>
          context.settleCommit(outcomeValue(outcome, 'transaction'), capture, { holdId: capture.holdId }),
      };
    }
    case 'releaseHold': {
      const holdId = checkId(operation.holdId, 'holdId');
      return {
        write: { type: 'releaseHold', holdId, now },
        settle: (outcome) => settleRelease(context, holdId, outcomeValue(outcome, 'release'), now),
      };
    }
    case 'voidHold': {
      const id = checkId(operation.id, 'id');
      const accountId = checkId(operation.accountId, 'accountId');
      const hold = voidRecord(id, accountId, now);
      return {
        write: { type: 'voidHold', hold, request: { void: true, accountId } },
        settle: (outcome) => {
          if ('release' in outcome && outcome.release) return settleVoidRelease(context, outcome.release, now);
          const voided = outcomeValue(outcome, 'hold');
          if (voided?.status !== 'created') throw new Error(`the store neither released nor voided hold ${id}`);
          return voided.record;
        },
      };
    }
    default:
      throw invalidInput(
        'op',
        'must be one of topUp, transfer, splitCharge, placeHold, captureHold, releaseHold, voidHold',
      );
  }
}

/** A plain money movement: committed as the one-by-one method commits it, on the batch's shard slot. */
function movement(
  context: WalletContext,
  kind: TransactionKind,
  checked: Movement,
  now: number,
  slot: number,
): PlannedWrite {
  return {
    write: { type: 'commit', entry: context.ledgerEntry(kind, checked, {}, now, slot) },
    settle: (outcome) => context.settleCommit(outcomeValue(outcome, 'transaction'), checked),
  };
}

type OutcomeKey = 'transaction' | 'hold' | 'release';
type OutcomeOf<K extends OutcomeKey> = Extract<BatchOutcome, Record<K, unknown>>[K];

/** The outcome's value under `key`; a guard error the store reported is thrown as the one-by-one call throws it. */
function outcomeValue<K extends OutcomeKey>(outcome: BatchOutcome, key: K): OutcomeOf<K> {
  if ('error' in outcome) throw outcome.error;
  if (!(key in outcome)) throw new Error(`the store answered a batched write without its ${key}`);
  return (outcome as unknown as Record<K, OutcomeOf<K>>)[key];
}
