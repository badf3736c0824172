import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../../accounts.js';
import type { Transaction } from '../../types.js';
import {
  ALL_ACCOUNTS,
  type Rejects,
  snapshot,
  type WalletContractOptions,
  type WalletWorld,
  WORLD_ACCOUNTS,
} from '../fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;

/** The contract cases of refunds. */
export function refundCases(getWorld: () => WalletWorld, rejects: Rejects, _options: WalletContractOptions = {}): void {
  describe('refunds', () => {
    let world: WalletWorld;
    beforeEach(() => {
      world = getWorld();
    });

    it('a full refund reverses every posting of a split charge', async () => {
      await world.wallet.splitCharge({ id: 's1', from: user, to: consultant, amount: 1_000, commissionBps: 1_200 });
      const refund = await world.wallet.refund({ id: 'r1', transactionId: 's1' });
      expect(refund).toMatchObject({ kind: 'refund', refundOf: 's1' });
      expect((await world.wallet.getAccount(user))?.balance).toBe(10_000);
      expect((await world.wallet.getAccount(consultant))?.balance).toBe(0);
      expect((await world.wallet.getAccount(SYSTEM_ACCOUNTS.revenue))?.balance).toBe(0);
    });

    it('partial refunds add up to exactly the original and never beyond', async () => {
      await world.wallet.splitCharge({ id: 's1', from: user, to: consultant, amount: 1_001, commissionBps: 1_234 });
      await world.wallet.refund({ id: 'r1', transactionId: 's1', amount: 333 });
      await world.wallet.refund({ id: 'r2', transactionId: 's1', amount: 333 });
      await rejects(
        () => world.wallet.refund({ id: 'r3', transactionId: 's1', amount: 336 }),
        'REFUND_EXCEEDS_ORIGINAL',
      );
      await world.wallet.refund({ id: 'r3', transactionId: 's1' });
      expect((await world.wallet.getAccount(consultant))?.balance).toBe(0);
      expect((await world.wallet.getAccount(SYSTEM_ACCOUNTS.revenue))?.balance).toBe(0);
      expect((await world.wallet.getAccount(user))?.balance).toBe(10_000);
      await rejects(() => world.wallet.refund({ id: 'r4', transactionId: 's1' }), 'REFUND_EXCEEDS_ORIGINAL');
    });

    it('a refund of a refund is NOT_REFUNDABLE and an unknown one TRANSACTION_NOT_FOUND', async () => {
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 100 });
      await world.wallet.refund({ id: 'r1', transactionId: 't1' });
      await rejects(() => world.wallet.refund({ id: 'r2', transactionId: 'r1' }), 'NOT_REFUNDABLE');
      await rejects(() => world.wallet.refund({ id: 'r3', transactionId: 'nope' }), 'TRANSACTION_NOT_FOUND');
    });

    it('a replayed refund returns the original', async () => {
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 100 });
      const refund = await world.wallet.refund({ id: 'r1', transactionId: 't1', amount: 40 });
      expect(await world.wallet.refund({ id: 'r1', transactionId: 't1', amount: 40 })).toEqual(refund);
      await rejects(() => world.wallet.refund({ id: 'r1', transactionId: 't1', amount: 41 }), 'IDEMPOTENCY_CONFLICT');
    });

    it('a refund the payee can no longer cover is INSUFFICIENT_FUNDS', async () => {
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 100 });
      await world.wallet.transfer({ id: 't2', from: otherUser, to: user, amount: 100 });
      await rejects(() => world.wallet.refund({ id: 'r1', transactionId: 't1' }), 'INSUFFICIENT_FUNDS');
    });

    it('refunding several split charges at once takes back consultant and platform shares in one transaction and a replay returns it', async () => {
      const charge = (id: string, amount: number, commissionBps: number) =>
        world.wallet.splitCharge({ id, from: user, to: consultant, amount, commissionBps });
      await charge('session:1:1', 1_000, 1_200);
      await charge('session:1:2', 1_000, 1_200);
      await charge('session:1:3', 501, 1_250);
      const ids = ['session:1:1', 'session:1:2', 'session:1:3'];
      const refund = await world.wallet.refundMany({ id: 'r1', transactionIds: ids, metadata: { sessionId: '1' } });
      expect(refund).toMatchObject({ kind: 'refund', refundOf: 'session:1:1', metadata: { sessionId: '1' } });
      // 880 + 880 + 439 from the consultant and 120 + 120 + 62 from the platform, merged per account.
      expect(refund.postings).toEqual([
        { accountId: user, amount: 2_501 },
        { accountId: consultant, amount: -2_199 },
        { accountId: SYSTEM_ACCOUNTS.revenue, amount: -302 },
      ]);
      expect((await world.wallet.getAccount(user))?.balance).toBe(10_000);
      expect((await world.wallet.getAccount(consultant))?.balance).toBe(0);
      expect((await world.wallet.getAccount(SYSTEM_ACCOUNTS.revenue))?.balance).toBe(0);
      const lines = (await world.wallet.statement(user)).entries.filter((entry) => entry.kind === 'refund');
      expect(lines.map((line) => [line.transactionId, line.amount])).toEqual([['r1', 2_501]]);

      const seen: Transaction[] = [];
      world.wallet.on('transaction', (tx) => seen.push(tx));
      expect(await world.wallet.refundMany({ id: 'r1', transactionIds: ids, metadata: { sessionId: '1' } })).toEqual(
        refund,
      );
      expect(seen).toEqual([]);
      await rejects(
        () => world.wallet.refundMany({ id: 'r1', transactionIds: ids, amount: 2_501 }),
        'IDEMPOTENCY_CONFLICT',
      );
      await rejects(() => world.wallet.refund({ id: 'r1', transactionId: 'session:1:1' }), 'IDEMPOTENCY_CONFLICT');
      await rejects(() => world.wallet.refund({ id: 'r2', transactionId: 'session:1:2' }), 'REFUND_EXCEEDS_ORIGINAL');
      expect(await world.wallet.verify()).toMatchObject({ ok: true, total: 0 });
    });

    it('a partial refundMany followed by single refunds never exceeds any original', async () => {
      await world.wallet.splitCharge({ id: 's1', from: user, to: consultant, amount: 1_000, commissionBps: 1_200 });
      await world.wallet.splitCharge({ id: 's2', from: user, to: consultant, amount: 600, commissionBps: 1_200 });
      // Newest first: all 600 of s2, then 200 of s1.
      const partial = await world.wallet.refundMany({ id: 'r1', transactionIds: ['s1', 's2'], amount: 800 });
      expect(partial.postings.find((p) => p.accountId === user)?.amount).toBe(800);
      await rejects(() => world.wallet.refund({ id: 'r2', transactionId: 's2' }), 'REFUND_EXCEEDS_ORIGINAL');
      await rejects(
        () => world.wallet.refund({ id: 'r2', transactionId: 's1', amount: 801 }),
        'REFUND_EXCEEDS_ORIGINAL',
      );
      await world.wallet.refund({ id: 'r2', transactionId: 's1', amount: 500 });
      await rejects(
        () => world.wallet.refundMany({ id: 'r3', transactionIds: ['s1', 's2'], amount: 301 }),
        'REFUND_EXCEEDS_ORIGINAL',
      );
      const rest = await world.wallet.refundMany({ id: 'r3', transactionIds: ['s1', 's2'] });
      expect(rest.postings.find((p) => p.accountId === user)?.amount).toBe(300);
      await rejects(
        () => world.wallet.refundMany({ id: 'r4', transactionIds: ['s1', 's2'] }),
        'REFUND_EXCEEDS_ORIGINAL',
      );
      expect((await world.wallet.getAccount(user))?.balance).toBe(10_000);
      expect((await world.wallet.getAccount(consultant))?.balance).toBe(0);
      expect((await world.wallet.getAccount(SYSTEM_ACCOUNTS.revenue))?.balance).toBe(0);
      expect(await world.wallet.verify()).toMatchObject({ ok: true, total: 0 });
    });

    it('refundMany of unknown or refund ids, bad id lists, over-refunds and uncovered shares is rejected and writes nothing', async () => {
      await world.wallet.splitCharge({ id: 's1', from: user, to: consultant, amount: 1_000, commissionBps: 1_200 });
      await world.wallet.splitCharge({ id: 's2', from: user, to: consultant, amount: 300, commissionBps: 1_200 });
      await world.wallet.refund({ id: 'r1', transactionId: 's1', amount: 100 });
      const many = (transactionIds: string[], amount?: number) =>
        world.wallet.refundMany({ id: 'rm', transactionIds, ...(amount === undefined ? {} : { amount }) });
      await rejects(() => many(['s1', 'nope']), 'TRANSACTION_NOT_FOUND');
      await rejects(() => many(['s1', 'r1']), 'NOT_REFUNDABLE');
      await rejects(() => many(['s1', 's2'], 1_201), 'REFUND_EXCEEDS_ORIGINAL');
      for (const ids of [[], ['s1', 's1'], ['s1', ''], Array.from({ length: 501 }, (_, i) => `s${i}`)]) {
        const before = await snapshot(world.wallet, world.store, ALL_ACCOUNTS);
        await expect(many(ids)).rejects.toMatchObject({
          code: 'INVALID_INPUT',
          details: { field: 'transactionIds' },
        });
        expect(await snapshot(world.wallet, world.store, ALL_ACCOUNTS)).toBe(before);
      }
      // The consultant spends its share of s2: the whole refund fails, not just that part.
      await world.wallet.transfer({ id: 't1', from: consultant, to: otherUser, amount: 1_000 });
      await rejects(() => many(['s1', 's2']), 'INSUFFICIENT_FUNDS');
      expect(await world.store.refundedAmount('s1')).toBe(100);
      expect(await world.store.refundedAmount('s2')).toBe(0);
    });
  });
}
