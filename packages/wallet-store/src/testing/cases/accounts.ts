import { beforeEach, describe, expect, it } from 'vitest';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user } = WORLD_ACCOUNTS;

/** The contract cases of accounts. */
export function accountCases(
  getWorld: () => WalletWorld,
  rejects: Rejects,
  _options: WalletContractOptions = {},
): void {
  describe('accounts', () => {
    let world: WalletWorld;
    beforeEach(() => {
      world = getWorld();
    });

    it('reopening an account with the same type returns it unchanged', async () => {
      const again = await world.wallet.openAccount({ id: user, type: 'user' });
      expect(again).toMatchObject({ id: user, type: 'user', currency: 'INR', balance: 10_000, available: 10_000 });
    });

    it('reopening an account as another type is ACCOUNT_EXISTS', async () => {
      await rejects(() => world.wallet.openAccount({ id: user, type: 'consultant' }), 'ACCOUNT_EXISTS');
    });

    it('an unknown account reads as null', async () => {
      expect(await world.wallet.getAccount('user:nobody')).toBeNull();
    });
  });
}
