import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../../accounts.js';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, otherUser } = WORLD_ACCOUNTS;

/** The contract cases of statements. */
export function statementCases(
  getWorld: () => WalletWorld,
  _rejects: Rejects,
  _options: WalletContractOptions = {},
): void {
  describe('statements', () => {
    let world: WalletWorld;
    beforeEach(() => {
      world = getWorld();
    });

    it('lists entries newest first with the running balance of a wallet', async () => {
      await world.clock.advance(1_000);
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 100 });
      await world.clock.advance(1_000);
      await world.wallet.transfer({ id: 't2', from: user, to: otherUser, amount: 200, metadata: { note: 'x' } });
      const page = await world.wallet.statement(user);
      expect(page.entries.map((e) => [e.transactionId, e.amount, e.balanceAfter])).toEqual([
        ['t2', -200, 9_700],
        ['t1', -100, 9_900],
        ['seed:topup', 10_000, 10_000],
      ]);
      expect(page.entries[0]?.metadata).toEqual({ note: 'x' });
      expect(page.nextCursor).toBeNull();
    });

    it('entryOf finds the entry a transaction wrote to an account, with its running balance; null for an account it did not move', async () => {
      await world.clock.advance(1_000);
      const first = await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 100 });
      const second = await world.wallet.transfer({ id: 't2', from: user, to: otherUser, amount: 200 });
      expect(await world.wallet.entryOf(user, first)).toMatchObject({
        transactionId: 't1',
        amount: -100,
        balanceAfter: 9_900,
      });
      expect(await world.wallet.entryOf(user, second)).toMatchObject({
        transactionId: 't2',
        amount: -200,
        balanceAfter: 9_700,
      });
      expect(await world.wallet.entryOf(SYSTEM_ACCOUNTS.revenue, second)).toBeNull();
    });

    it('pages with a cursor visit every entry exactly once', async () => {
      for (let i = 0; i < 23; i++) await world.wallet.transfer({ id: `t${i}`, from: user, to: otherUser, amount: 1 });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await world.wallet.statement(user, { limit: 5, ...(cursor ? { cursor } : {}) });
        seen.push(...page.entries.map((entry) => entry.transactionId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(24);
      expect(new Set(seen).size).toBe(24);
      expect(seen[0]).toBe('t22');
    });

    it('filters by time range, from inclusive and to exclusive', async () => {
      const start = world.clock.now();
      for (let i = 1; i <= 5; i++) {
        await world.clock.advance(1_000);
        await world.wallet.transfer({ id: `t${i}`, from: user, to: otherUser, amount: 1 });
      }
      const page = await world.wallet.statement(user, { from: start + 2_000, to: start + 4_000 });
      expect(page.entries.map((entry) => entry.transactionId)).toEqual(['t3', 't2']);
    });

    it('a system account shows entries without a running balance', async () => {
      const page = await world.wallet.statement(SYSTEM_ACCOUNTS.funding);
      expect(page.entries).toHaveLength(1);
      expect(page.entries[0]?.balanceAfter).toBeNull();
    });

    it('a statement of an unknown account is ACCOUNT_NOT_FOUND', async () => {
      await expect(world.wallet.statement('user:ghost')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    });
  });
}
