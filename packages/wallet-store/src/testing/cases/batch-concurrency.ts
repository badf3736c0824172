import { describe, expect, it } from 'vitest';
import type { BatchOperation } from '../../inputs.js';
import type { Transaction } from '../../types.js';
import { type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;

/** Batches racing each other on one wallet: no money made or lost, no wallet below zero. */
export function batchConcurrencyCases(getWorld: () => WalletWorld, options: WalletContractOptions = {}): void {
  describe('commitMany under concurrency', () => {
    it('parallel batches debiting one wallet never overdraw it and conserve money', async () => {
      const { wallet } = getWorld();
      const batches = Math.max(4, Math.round((options.racers ?? 40) / 3));
      const operations = Array.from({ length: batches }, (_, b) => batchOf(b));
      const results = await Promise.all(operations.map((batch) => wallet.commitMany(batch)));
      let spent = 0;
      results.flat().forEach((result) => {
        if (!result.ok) {
          expect(['INSUFFICIENT_FUNDS', 'HOLD_NOT_FOUND']).toContain(result.error.code);
          return;
        }
        if ('postings' in result.value) spent -= debitOf(result.value, user);
      });
      const account = await wallet.getAccount(user);
      expect(account?.balance).toBe(10_000 - spent);
      expect(account?.available).toBeGreaterThanOrEqual(0);
      expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
      // Some writes of every kind got through, and the funds ran out before every batch was served.
      expect(spent).toBeGreaterThan(0);
      expect(results.flat().some((result) => !result.ok)).toBe(true);
    });
  });
}

/** Batch `b`: transfers, split charges, and a hold placed and captured in the same batch, all paid by `user`. */
function batchOf(b: number): BatchOperation[] {
  const amount = (n: number) => 300 + ((b * 7_919 + n * 104_729) % 400);
  return [
    { op: 'transfer', id: `race:${b}:0`, from: user, to: otherUser, amount: amount(0) },
    { op: 'placeHold', id: `race:${b}:hold`, accountId: user, amount: amount(1), expiresAt: Date.UTC(2100, 0, 1) },
    { op: 'splitCharge', id: `race:${b}:1`, from: user, to: consultant, amount: amount(2), commissionBps: 1_000 },
    { op: 'captureHold', id: `race:${b}:2`, holdId: `race:${b}:hold`, to: consultant, commissionBps: 2_000 },
    { op: 'transfer', id: `race:${b}:3`, from: user, to: otherUser, amount: amount(3) },
  ];
}

/** What `transaction` took from `accountId` (negative), or 0. */
function debitOf(transaction: Transaction, accountId: string): number {
  return transaction.postings.reduce((sum, posting) => sum + (posting.accountId === accountId ? posting.amount : 0), 0);
}
