import { describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../../accounts.js';
import type { BatchOperation } from '../../inputs.js';
import type { Transaction } from '../../types.js';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;

/** The bounds of a batch, and batches racing each other on one wallet: no money made or lost, no wallet below zero. */
export function batchConcurrencyCases(
  getWorld: () => WalletWorld,
  rejects: Rejects,
  options: WalletContractOptions = {},
): void {
  describe('commitMany bounds and concurrency', () => {
    it('more than 1,000 operations is INVALID_INPUT and writes nothing; 1,000 are taken', async () => {
      const { wallet } = getWorld();
      // Mostly malformed (0 paise), so each fails alone in the domain: the bound is what is tested,
      // not 1,000 updates of one balance row in one transaction.
      const operations = Array.from({ length: 1_001 }, (_, n) => ({
        op: 'transfer' as const,
        id: `bulk:${n}`,
        from: user,
        to: otherUser,
        amount: n % 100 === 0 ? 1 : 0,
      }));
      await rejects(() => wallet.commitMany(operations), 'INVALID_INPUT');
      await expect(wallet.commitMany(operations)).rejects.toMatchObject({
        details: { field: 'operations', max: 1_000 },
      });
      const results = await wallet.commitMany(operations.slice(0, 1_000));
      expect(results).toHaveLength(1_000);
      expect(results.filter((result) => result.ok)).toHaveLength(10);
      expect(results[1]).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { field: 'amount' } } });
      expect((await wallet.getAccount(otherUser))?.balance).toBe(10);
    });

    it('an operation of unknown kind fails alone, before the store sees it', async () => {
      const { wallet } = getWorld();
      const results = await wallet.commitMany([
        { op: 'transfer', id: 'known:1', from: user, to: otherUser, amount: 5 },
        { op: 'mint', id: 'unknown:1', to: user, amount: 5 } as never,
      ]);
      expect(results[0]).toMatchObject({ ok: true });
      expect(results[1]).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { field: 'op' } } });
      expect(await wallet.getTransaction('unknown:1')).toBeNull();
    });

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

    it('parallel batches all crediting one consultant and the revenue shards pay every charge exactly once', async () => {
      const { wallet } = getWorld();
      const payers = Array.from({ length: 6 }, (_, p) => `user:payer:${p}`);
      for (const id of payers) {
        await wallet.openAccount({ id, type: 'user' });
        await wallet.topUp({ id: `fund:${id}`, to: id, amount: 100_000 });
      }
      const batches = Math.max(4, Math.round((options.racers ?? 40) / 3));
      const perBatch = 16;
      // Batches overlap on every payer, in different orders, and all credit the one consultant.
      const operations = Array.from({ length: batches }, (_, b) =>
        Array.from({ length: perBatch }, (_, j) => ({
          op: 'splitCharge' as const,
          id: `hot:${b}:${j}`,
          from: payers[(b + j * (b % 2 ? 5 : 1)) % payers.length] as string,
          to: consultant,
          amount: 100 + ((b * perBatch + j) % 37),
          commissionBps: 1_500,
        })),
      );
      const results = await Promise.all(operations.map((batch) => wallet.commitMany(batch)));
      expect(results.flat().filter((result) => !result.ok)).toEqual([]);

      const charges = operations.flat();
      const paid = charges.reduce((sum, charge) => sum + charge.amount, 0);
      const commission = charges.reduce((sum, charge) => sum + Math.floor((charge.amount * 1_500) / 10_000), 0);
      expect((await wallet.getAccount(consultant))?.balance).toBe(paid - commission);
      expect((await wallet.getAccount(SYSTEM_ACCOUNTS.revenue))?.balance).toBe(commission);
      const payerBalances = await Promise.all(payers.map(async (id) => (await wallet.getAccount(id))?.balance ?? 0));
      expect(payerBalances.reduce((sum, balance) => sum + balance, 0)).toBe(payers.length * 100_000 - paid);
      // One statement line per charge, each balance the one before it plus that charge: no credit lost or merged.
      const lines = (await wallet.statement(consultant, { limit: 500 })).entries;
      expect(lines).toHaveLength(charges.length);
      lines.forEach((line, k) => {
        const older = lines[k + 1];
        expect(line.balanceAfter).toBe((older?.balanceAfter ?? 0) + line.amount);
      });
      expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
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
