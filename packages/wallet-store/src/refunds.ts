import { concurrentRefund, refundExceedsOriginal } from './errors.js';
import { grossOf, mergePostings, refundPostings } from './money.js';
import type { RefundPart } from './store.js';
import type { Posting, Transaction } from './types.js';

/**
 * Takes `amount` (null: everything left) from the originals newest (last) first,
 * each up to its own remainder, with the cumulative per-original rule of
 * {@link refundPostings}; the postings are merged per account.
 */
export function allocateRefund(
  originals: readonly Transaction[],
  refunded: readonly number[],
  amount: number | null,
): { refunds: RefundPart[]; postings: Posting[] } {
  const left = originals.map((original, index) => grossOf(original.postings) - (refunded[index] ?? 0));
  const refundable = left.reduce((sum, each) => sum + each, 0);
  const total = amount ?? refundable;
  if (total <= 0 || total > refundable) {
    throw refundExceedsOriginal(
      originals.map((original) => original.id),
      refundable,
    );
  }
  const refunds: RefundPart[] = [];
  const postings: Posting[] = [];
  let remaining = total;
  for (let index = originals.length - 1; index >= 0 && remaining > 0; index--) {
    const part = Math.min(remaining, left[index] ?? 0);
    if (part <= 0) continue;
    const original = originals[index] as Transaction;
    const expectedRefunded = refunded[index] ?? 0;
    refunds.push({ transactionId: original.id, amount: part, expectedRefunded });
    postings.push(...refundPostings(original.postings, expectedRefunded, part));
    remaining -= part;
  }
  return { refunds, postings: mergePostings(postings) };
}

/**
 * Asserts each part's original still has the refunded total the refund was
 * computed from: `refunded[i]` is part `i`'s current total (`undefined` when
 * the original is unknown). Otherwise `CONCURRENT_MODIFICATION` names the first that moved.
 */
export function assertRefundsCurrent(refunds: readonly RefundPart[], refunded: readonly (number | undefined)[]): void {
  const moved = refunds.find((part, index) => refunded[index] !== part.expectedRefunded);
  if (moved) throw concurrentRefund(moved.transactionId);
}
