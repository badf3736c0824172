import { beforeEach, describe, expect, it } from 'vitest';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;

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

    it('accounts read together come back in the order asked, each as read alone, null for an unknown id', async () => {
      await world.wallet.placeHold({
        id: 'h:many',
        accountId: user,
        amount: 1_500,
        expiresAt: world.clock.now() + 60_000,
      });
      const ids = [consultant, 'user:nobody', user, otherUser, user];
      const together = await world.wallet.getAccounts(ids);
      const alone = await Promise.all(ids.map((id) => world.wallet.getAccount(id)));
      expect(together).toEqual(alone);
      expect(together[1]).toBeNull();
      expect(together[2]).toMatchObject({ id: user, held: 1_500, available: 10_000 - 1_500 });
      expect(await world.wallet.getAccounts([])).toEqual([]);
    });

    it('reading more than 1,000 accounts at once, or a bad id, is INVALID_INPUT', async () => {
      await rejects(() => world.wallet.getAccounts(Array.from({ length: 1_001 }, () => user)), 'INVALID_INPUT');
      await rejects(() => world.wallet.getAccounts([user, '']), 'INVALID_INPUT');
    });
  });
}
