import { WalletError } from './errors.js';
import { assertCapturable } from './holds.js';
import { capturePostings } from './requests.js';
import type { CaptureWrite, LedgerEntry } from './store.js';
import type { Hold } from './types.js';

// What a store needs to resolve the one batched write that depends on stored
// state it cannot know in advance: a capture, whose postings come from its hold.

/**
 * The ledger entry of a batched capture against `hold` as stored when its
 * turn comes, built as {@link Wallet.captureHold} builds it: `HOLD_NOT_FOUND`
 * or `HOLD_NOT_OPEN` when the hold is not open and unexpired at the write's
 * instant (the store then looks up the capture's own id: a stored one is a
 * replay), `CAPTURE_EXCEEDS_HOLD`, `SAME_ACCOUNT` or `INVALID_INPUT` when the
 * capture does not fit the hold.
 */
export function captureEntry(write: CaptureWrite, hold: Hold | null | undefined): LedgerEntry {
  const { capture, createdAt } = write;
  assertCapturable(hold, capture.holdId, createdAt);
  const postings = capturePostings(capture, hold);
  return {
    transaction: {
      id: capture.id,
      kind: capture.commission ? 'split' : 'transfer',
      postings,
      metadata: capture.metadata,
      holdId: capture.holdId,
      refundOf: null,
      createdAt,
    },
    request: capture.request,
    slot: write.slot,
    maxBalance: write.maxBalance,
    captureHold: { holdId: capture.holdId },
  };
}

/** Whether `error` says a capture's hold was missing or not open: the capture's id then decides whether it is a replay. */
export function isUncapturable(error: unknown): boolean {
  return error instanceof WalletError && (error.code === 'HOLD_NOT_FOUND' || error.code === 'HOLD_NOT_OPEN');
}
