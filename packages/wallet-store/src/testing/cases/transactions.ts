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

/** The contract cases of transactions. */
export function transactionCases(
  getWorld: () => WalletWorld,
  rejects: Rejects,
  _options: WalletContractOptions = {},
): void {
  describe('transactions', () => {
    let world: WalletWorld;
    beforeEach(() => {
      world = getWorld();
    });

    it('a top-up credits the wallet from the funding account and the books stay balanced', async () => {
      const tx = await world.wallet.topUp({ id: 'order:1', to: otherUser, amount: 2_500 });
      expect(tx).toMatchObject({ kind: 'topup', currency: 'INR', holdId: null, refundOf: null });
      expect(tx.postings.reduce((sum, p) => sum + p.amount, 0)).toBe(0);
      expect((await world.wallet.getAccount(otherUser))?.balance).toBe(2_500);
      expect((await world.wallet.getAccount(SYSTEM_ACCOUNTS.funding))?.balance).toBe(-12_500);
      expect(await world.wallet.verify()).toMatchObject({ ok: true, total: 0 });
    });

    it('a transfer moves money between wallets', async () => {
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 4_000 });
      expect((await world.wallet.getAccount(user))?.balance).toBe(6_000);
      expect((await world.wallet.getAccount(otherUser))?.balance).toBe(4_000);
    });

    it('a transfer beyond the available balance is INSUFFICIENT_FUNDS and writes nothing', async () => {
      await rejects(
        () => world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 10_001 }),
        'INSUFFICIENT_FUNDS',
      );
    });

    it('a wallet can be spent to exactly zero', async () => {
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 10_000 });
      expect((await world.wallet.getAccount(user))?.available).toBe(0);
    });

    it('a replayed transaction id returns the original result and charges once', async () => {
      const first = await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 3_000 });
      const again = await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 3_000 });
      expect(again).toEqual(first);
      expect((await world.wallet.getAccount(user))?.balance).toBe(7_000);
    });

    it('a replay still returns the original after the money was spent elsewhere', async () => {
      const first = await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 6_000 });
      await world.wallet.transfer({ id: 't2', from: user, to: otherUser, amount: 4_000 });
      expect(await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 6_000 })).toEqual(first);
    });

    it('reusing an id with a different body is IDEMPOTENCY_CONFLICT and writes nothing', async () => {
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 3_000 });
      await rejects(
        () => world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 3_001 }),
        'IDEMPOTENCY_CONFLICT',
      );
      await rejects(
        () => world.wallet.splitCharge({ id: 't1', from: user, to: consultant, amount: 3_000, commissionBps: 0 }),
        'IDEMPOTENCY_CONFLICT',
      );
    });

    it('malformed input is INVALID_INPUT naming the field, and writes nothing', async () => {
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ id: 't', from: user, to: otherUser, amount: 0 }, 'amount'],
        [{ id: 't', from: user, to: otherUser, amount: -5 }, 'amount'],
        [{ id: 't', from: user, to: otherUser, amount: 1.5 }, 'amount'],
        [{ id: 't', from: user, to: otherUser, amount: 2 ** 53 }, 'amount'],
        [{ id: 't', from: user, to: otherUser, amount: '100' }, 'amount'],
        [{ id: '', from: user, to: otherUser, amount: 1 }, 'id'],
        [{ id: 't', from: 7, to: otherUser, amount: 1 }, 'from'],
        [{ id: 't', from: user, to: otherUser, amount: 1, metadata: { nested: {} } }, 'metadata.nested'],
      ];
      for (const [input, field] of bad) {
        const before = await snapshot(world.wallet, world.store, ALL_ACCOUNTS);
        const transfer = world.wallet.transfer(input as never);
        await expect(transfer).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field } });
        expect(await snapshot(world.wallet, world.store, ALL_ACCOUNTS)).toBe(before);
      }
    });

    it('a transfer to the same account is SAME_ACCOUNT', async () => {
      await rejects(() => world.wallet.transfer({ id: 't1', from: user, to: user, amount: 1 }), 'SAME_ACCOUNT');
    });

    it('an unknown account is ACCOUNT_NOT_FOUND on either side', async () => {
      await rejects(
        () => world.wallet.transfer({ id: 't1', from: user, to: 'user:ghost', amount: 1 }),
        'ACCOUNT_NOT_FOUND',
      );
      await rejects(
        () => world.wallet.transfer({ id: 't2', from: 'user:ghost', to: user, amount: 1 }),
        'ACCOUNT_NOT_FOUND',
      );
    });

    it('a frozen account takes part in nothing until unfrozen', async () => {
      await world.wallet.freeze(otherUser);
      expect((await world.wallet.getAccount(otherUser))?.frozen).toBe(true);
      await rejects(() => world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 1 }), 'ACCOUNT_FROZEN');
      await rejects(
        () =>
          world.wallet.placeHold({ id: 'h1', accountId: otherUser, amount: 1, expiresAt: world.clock.now() + 1_000 }),
        'ACCOUNT_FROZEN',
      );
      await world.wallet.unfreeze(otherUser);
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 1 });
    });

    it('postings across currencies are CURRENCY_MISMATCH', async () => {
      await world.wallet.openAccount({ id: 'user:usd', type: 'user', currency: 'USD' });
      await rejects(
        () => world.wallet.transfer({ id: 't1', from: user, to: 'user:usd', amount: 1 }),
        'CURRENCY_MISMATCH',
      );
    });

    it('a transaction reads back by id with its metadata', async () => {
      const tx = await world.wallet.transfer({
        id: 't1',
        from: user,
        to: otherUser,
        amount: 5,
        metadata: { sessionId: 's1', interval: 3, free: false, note: null },
      });
      expect(await world.wallet.getTransaction('t1')).toEqual(tx);
      expect(await world.wallet.getTransaction('t-missing')).toBeNull();
    });

    it('commit events fire once per transaction, never for replays', async () => {
      const seen: Transaction[] = [];
      world.wallet.on('transaction', (tx) => seen.push(tx));
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 5 });
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 5 });
      expect(seen.map((tx) => tx.id)).toEqual(['t1']);
    });
  });
}
