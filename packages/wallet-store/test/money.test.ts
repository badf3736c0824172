import { mulDivFloor } from '@jyotishconnect/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refundPostings, splitAmount } from '../src/money.js';

const amount = fc.integer({ min: 1, max: 2 ** 40 });
const bps = fc.integer({ min: 0, max: 10_000 });

describe('splitAmount', () => {
  it('payee share and commission always add up to the amount', () => {
    fc.assert(
      fc.property(amount, bps, (total, commissionBps) => {
        const { payeeShare, commission } = splitAmount(total, commissionBps);
        expect(payeeShare + commission).toBe(total);
        expect(commission).toBe(Number((BigInt(total) * BigInt(commissionBps)) / 10_000n));
      }),
    );
  });
});

describe('mulDivFloor', () => {
  it('is exact beyond 2^53', () => {
    expect(mulDivFloor(2 ** 52 + 1, 10_000, 10_000)).toBe(2 ** 52 + 1);
    expect(mulDivFloor(9_007_199_254_740_991, 3, 7)).toBe(Number((9_007_199_254_740_991n * 3n) / 7n));
  });
});

describe('refundPostings', () => {
  const splitCharge = fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), bps).map(([total, commissionBps]) => {
    const { payeeShare, commission } = splitAmount(total, commissionBps);
    return [
      { accountId: 'user', amount: -total },
      { accountId: 'consultant', amount: payeeShare },
      { accountId: 'platform', amount: commission },
    ].filter((posting) => posting.amount !== 0);
  });

  it('any sequence of partial refunds sums to zero each time and never returns more than was moved', () => {
    fc.assert(
      fc.property(splitCharge, fc.array(fc.integer({ min: 1, max: 1_000 }), { maxLength: 12 }), (original, parts) => {
        const gross = original.reduce((sum, p) => sum + Math.max(p.amount, 0), 0);
        const returned = new Map<string, number>();
        let refunded = 0;
        for (const part of [...parts, gross]) {
          const amount = Math.min(part, gross - refunded);
          if (amount <= 0) break;
          const postings = refundPostings(original, refunded, amount);
          expect(postings.reduce((sum, p) => sum + p.amount, 0)).toBe(0);
          for (const posting of postings) {
            const moved = original.find((p) => p.accountId === posting.accountId)?.amount ?? 0;
            // Each leg of a refund moves money back, never further the original way.
            expect(Math.sign(posting.amount)).toBe(-Math.sign(moved));
            returned.set(posting.accountId, (returned.get(posting.accountId) ?? 0) + posting.amount);
          }
          refunded += amount;
        }
        // After refunding everything, every account is exactly back where it started.
        for (const posting of original) expect(returned.get(posting.accountId) ?? 0).toBe(-posting.amount);
      }),
    );
  });
});
