import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../../accounts.js';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, consultant } = WORLD_ACCOUNTS;

/** The contract cases of split charges. */
export function splitChargeCases(
  getWorld: () => WalletWorld,
  rejects: Rejects,
  _options: WalletContractOptions = {},
): void {
  describe('split charges', () => {
    let world: WalletWorld;
    beforeEach(() => {
      world = getWorld();
    });

    it('the payer pays the amount; the payee gets it less the commission, rounded in the payee favour', async () => {
      const tx = await world.wallet.splitCharge({
        id: 's1',
        from: user,
        to: consultant,
        amount: 625,
        commissionBps: 1_250,
      });
      // 12.5% of 625 = 78.125 paise: the platform gets 78, the consultant 547.
      expect(tx.postings).toEqual([
        { accountId: user, amount: -625 },
        { accountId: consultant, amount: 547 },
        { accountId: SYSTEM_ACCOUNTS.revenue, amount: 78 },
      ]);
    });

    it('a zero commission credits only the payee', async () => {
      const tx = await world.wallet.splitCharge({
        id: 's1',
        from: user,
        to: consultant,
        amount: 100,
        commissionBps: 0,
      });
      expect(tx.postings).toHaveLength(2);
    });

    it('only the payer is ever debited', async () => {
      await world.wallet.splitCharge({ id: 's1', from: user, to: consultant, amount: 1_000, commissionBps: 2_000 });
      expect((await world.wallet.getAccount(consultant))?.balance).toBe(800);
      expect((await world.wallet.getAccount(SYSTEM_ACCOUNTS.revenue))?.balance).toBe(200);
      expect((await world.wallet.getAccount(user))?.balance).toBe(9_000);
    });

    it('a commission over 100% is INVALID_INPUT', async () => {
      await rejects(
        () => world.wallet.splitCharge({ id: 's1', from: user, to: consultant, amount: 100, commissionBps: 10_001 }),
        'INVALID_INPUT',
      );
    });
  });
}
