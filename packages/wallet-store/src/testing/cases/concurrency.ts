import { beforeEach, describe, expect, it } from 'vitest';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;

/** The contract cases of concurrency. */
export function concurrencyCases(
  getWorld: () => WalletWorld,
  _rejects: Rejects,
  options: WalletContractOptions = {},
): void {
  describe('concurrency', () => {
    let world: WalletWorld;
    beforeEach(() => {
      world = getWorld();
    });

    it('racing debits never overdraw a wallet and never lose an update', async () => {
      const racers = options.racers ?? 40;
      const amounts = Array.from({ length: racers }, (_, i) => 300 + ((i * 7919) % 400));
      const results = await Promise.allSettled(
        amounts.map((amount, i) =>
          i % 2 === 0
            ? world.wallet.transfer({ id: `race:${i}`, from: user, to: otherUser, amount })
            : world.wallet.splitCharge({ id: `race:${i}`, from: user, to: consultant, amount, commissionBps: 1_000 }),
        ),
      );
      let spent = 0;
      const refused: number[] = [];
      results.forEach((result, i) => {
        const amount = amounts[i] ?? 0;
        if (result.status === 'fulfilled') spent += amount;
        else {
          expect(result.reason).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
          refused.push(amount);
        }
      });
      const account = await world.wallet.getAccount(user);
      expect(account?.balance).toBe(10_000 - spent);
      expect(account?.balance).toBeGreaterThanOrEqual(0);
      // Balances only fall, so a refused debit must exceed even the final balance.
      for (const amount of refused) expect(amount).toBeGreaterThan(account?.balance ?? 0);
      expect(await world.wallet.verify()).toMatchObject({ ok: true, total: 0 });
    });
  });
}
