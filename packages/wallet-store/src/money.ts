import { mulDivFloor } from '@jyotishconnect/core';
import type { Posting } from './types.js';

const BPS_DENOMINATOR = 10_000;

/**
 * Splits a charge between the payee and the platform. The commission is
 * rounded down, so the paisa fractions go to the payee and
 * `payeeShare + commission === amount` always: no paisa is lost or invented.
 */
export function splitAmount(amount: number, commissionBps: number): { payeeShare: number; commission: number } {
  const commission = mulDivFloor(amount, commissionBps, BPS_DENOMINATOR);
  return { payeeShare: amount - commission, commission };
}

/**
 * The postings that refund `amount` more of an original transaction whose
 * refunds so far total `alreadyRefunded`.
 *
 * Rule (documented in the README): the refund reverses every original posting
 * in proportion. It is computed on the cumulative refunded total, so partial
 * refunds add up to exactly the original: on each side (payers, payees) every
 * account but the side's largest gives back `floor(share * cumulative / gross)`,
 * and the largest takes the remainder. With at most two accounts per side —
 * true of every transaction kind this package creates — each account's
 * cumulative refund only grows and never exceeds what it originally moved.
 */
export function refundPostings(original: readonly Posting[], alreadyRefunded: number, amount: number): Posting[] {
  const gross = grossOf(original);
  const before = cumulativeRefund(original, gross, alreadyRefunded);
  const after = cumulativeRefund(original, gross, alreadyRefunded + amount);
  const postings: Posting[] = [];
  original.forEach((posting, index) => {
    const delta = (after[index] ?? 0) - (before[index] ?? 0);
    // A refund moves money back: credited accounts are debited and vice versa.
    if (delta !== 0) postings.push({ accountId: posting.accountId, amount: posting.amount > 0 ? -delta : delta });
  });
  return postings;
}

/** Sums postings per account in order of first appearance, dropping accounts that net to zero. */
export function mergePostings(postings: readonly Posting[]): Posting[] {
  const totals = new Map<string, number>();
  for (const { accountId, amount } of postings) totals.set(accountId, (totals.get(accountId) ?? 0) + amount);
  return [...totals].filter(([, amount]) => amount !== 0).map(([accountId, amount]) => ({ accountId, amount }));
}

/** Total credited by a transaction (equal to the total debited). */
export function grossOf(postings: readonly Posting[]): number {
  let gross = 0;
  for (const posting of postings) if (posting.amount > 0) gross += posting.amount;
  return gross;
}

/** Unsigned cumulative refund per original posting for a cumulative refunded total. */
function cumulativeRefund(postings: readonly Posting[], gross: number, refunded: number): number[] {
  const shares = postings.map(() => 0);
  for (const credit of [true, false]) {
    const side = postings.flatMap((posting, index) => (posting.amount > 0 === credit ? [index] : []));
    const largest = side.reduce(
      (best, index) => (Math.abs(postings[index]?.amount ?? 0) > Math.abs(postings[best]?.amount ?? 0) ? index : best),
      side[0] ?? -1,
    );
    let assigned = 0;
    for (const index of side) {
      if (index === largest) continue;
      shares[index] = mulDivFloor(Math.abs(postings[index]?.amount ?? 0), refunded, gross);
      assigned += shares[index] ?? 0;
    }
    if (largest >= 0) shares[largest] = refunded - assigned;
  }
  return shares;
}

/** The postings of a split charge of `amount` with `commission` paise to the platform (zero shares left out). */
export function splitPostings(
  from: string,
  to: string,
  platform: string,
  amount: number,
  commission: number,
): Posting[] {
  const postings: Posting[] = [{ accountId: from, amount: -amount }];
  if (amount > commission) postings.push({ accountId: to, amount: amount - commission });
  if (commission > 0) postings.push({ accountId: platform, amount: commission });
  return postings;
}
