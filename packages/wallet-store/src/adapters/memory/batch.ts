import { captureEntry, isUncapturable } from '../../batch-writes.js';
import { WalletError } from '../../errors.js';
import type {
  BatchOutcome,
  BatchWrite,
  CaptureWrite,
  HoldRelease,
  LedgerEntry,
  StoredHold,
  StoredRequest,
  StoredTransaction,
  WriteOutcome,
} from '../../store.js';
import type { Hold, Transaction } from '../../types.js';

/** The memory store's writes and reads as plain synchronous calls, so a batch runs in one step. */
export interface MemorySteps {
  commit(entry: LedgerEntry): WriteOutcome<Transaction>;
  placeHold(hold: Hold, request: StoredRequest): WriteOutcome<Hold>;
  releaseHold(holdId: string, now: number): HoldRelease | null;
  voidHold(hold: Hold, request: StoredRequest): WriteOutcome<Hold>;
  hold(id: string): StoredHold | null;
  transaction(id: string): StoredTransaction | null;
}

/**
 * Applies a batch with no `await` anywhere: no other caller runs between two
 * writes. Each write checks everything before it changes anything, so one
 * that throws has changed nothing and the next one starts from the same books.
 */
export function applyBatch(steps: MemorySteps, writes: readonly BatchWrite[]): BatchOutcome[] {
  return writes.map((write) => {
    try {
      return applyWrite(steps, write);
    } catch (error) {
      if (error instanceof WalletError) return { error };
      throw error;
    }
  });
}

function applyWrite(steps: MemorySteps, write: BatchWrite): BatchOutcome {
  switch (write.type) {
    case 'commit':
      return { transaction: steps.commit(write.entry) };
    case 'capture':
      return { transaction: capture(steps, write) };
    case 'placeHold': {
      const { hold, request } = write;
      if (hold.expiresAt > hold.createdAt) return { hold: steps.placeHold(hold, request) };
      const stored = steps.hold(hold.id);
      return { hold: stored && { status: 'duplicate', record: stored.hold, request: stored.request } };
    }
    case 'releaseHold':
      return { release: steps.releaseHold(write.holdId, write.now) };
    case 'voidHold': {
      const release = steps.releaseHold(write.hold.id, write.hold.createdAt);
      return release ? { release } : { hold: steps.voidHold(write.hold, write.request) };
    }
  }
}

/** A capture against its hold as it stands now; a hold not capturable lets a stored capture of the same id replay. */
function capture(steps: MemorySteps, write: CaptureWrite): WriteOutcome<Transaction> {
  let entry: LedgerEntry;
  try {
    entry = captureEntry(write, steps.hold(write.capture.holdId)?.hold);
  } catch (error) {
    const previous = isUncapturable(error) ? steps.transaction(write.capture.id) : null;
    if (!previous) throw error;
    return { status: 'duplicate', record: previous.transaction, request: previous.request };
  }
  return steps.commit(entry);
}
