import { describe, expect, it } from 'vitest';
import type { Hold } from '../types.js';
import { createWallet } from '../wallet.js';
import { type Rejects, type WalletWorld, WORLD_ACCOUNTS } from './fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;

/**
 * The contract cases of expiry, two-phase hold resolution, ids and ceilings:
 * rules every adapter must keep the same way, run inside `walletStoreContract`.
 */
export function holdRuleCases(getWorld: () => WalletWorld, rejects: Rejects): void {
  describe('expiry is a matter of time, not of sweeps', () => {
    it('an expired hold stops reserving money the instant it expires, before any sweep', async () => {
      const { wallet, clock } = getWorld();
      await wallet.placeHold({ id: 'h1', accountId: user, amount: 2_000, expiresAt: clock.now() + 10_000 });
      await clock.advance(9_999);
      expect(await wallet.getAccount(user)).toMatchObject({ held: 2_000, available: 8_000 });
      expect((await wallet.getHold('h1'))?.status).toBe('open');
      await clock.advance(1);
      expect(await wallet.getAccount(user)).toMatchObject({ balance: 10_000, held: 0, available: 10_000 });
      expect((await wallet.getHold('h1'))?.status).toBe('expired');
      expect(await wallet.verify()).toMatchObject({ ok: true });
    });

    it('a wallet with an expired hold can reserve and spend all of its balance', async () => {
      const { wallet, clock } = getWorld();
      await wallet.transfer({ id: 't0', from: user, to: otherUser, amount: 7_000 });
      await wallet.placeHold({ id: 'h1', accountId: user, amount: 2_000, expiresAt: clock.now() + 1_000 });
      await clock.advance(10_000);
      await wallet.placeHold({ id: 'h2', accountId: user, amount: 3_000, expiresAt: clock.now() + 1_000 });
      expect(await wallet.getAccount(user)).toMatchObject({ balance: 3_000, held: 3_000, available: 0 });
      await clock.advance(1_000);
      await wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 3_000 });
      expect(await wallet.getAccount(user)).toMatchObject({ balance: 0, held: 0, available: 0 });
    });

    it('the next write on an account closes its expired holds in storage, and the books agree', async () => {
      const { wallet, store, clock } = getWorld();
      await wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: clock.now() + 1_000 });
      await wallet.placeHold({ id: 'h2', accountId: user, amount: 500, expiresAt: clock.now() + 5_000 });
      await clock.advance(2_000);
      const storedHeld = async () => (await store.audit()).find((row) => row.id === user)?.held;
      expect(await storedHeld()).toBe(1_500);
      await wallet.topUp({ id: 't1', to: user, amount: 1 });
      expect(await storedHeld()).toBe(500);
      expect((await store.getHold('h1'))?.hold.status).toBe('expired');
      expect((await store.getHold('h2'))?.hold.status).toBe('open');
      expect(await wallet.verify()).toMatchObject({ ok: true });
    });

    it('a sweep closes in storage what reads already left out', async () => {
      const { wallet, clock } = getWorld();
      await wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: clock.now() + 1_000 });
      await clock.advance(1_000);
      const before = await wallet.getAccount(user);
      expect(await wallet.expireHolds()).toBe(1);
      expect(await wallet.getAccount(user)).toEqual(before);
      expect(await wallet.expireHolds()).toBe(0);
    });
  });

  describe('a hold resolves once (two-phase rules)', () => {
    it('a placeHold retried after its expiry with the same body returns the stored hold', async () => {
      const { wallet, clock } = getWorld();
      const expiresAt = clock.now() + 1_000;
      const placed = await wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt });
      await clock.advance(5_000);
      const again = await wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt });
      expect(again).toEqual({ ...placed, status: 'expired' });
      await rejects(
        () => wallet.placeHold({ id: 'h1', accountId: user, amount: 999, expiresAt }),
        'IDEMPOTENCY_CONFLICT',
      );
      await rejects(() => wallet.placeHold({ id: 'h2', accountId: user, amount: 1, expiresAt }), 'INVALID_INPUT');
    });

    it('releasing a released hold returns it with no second event; capturing it is HOLD_NOT_OPEN', async () => {
      const { wallet, clock } = getWorld();
      const events: Hold[] = [];
      wallet.on('hold', (hold) => events.push(hold));
      await wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: clock.now() + 60_000 });
      const released = await wallet.releaseHold('h1');
      expect(await wallet.releaseHold('h1')).toEqual(released);
      expect(events.map((hold) => hold.status)).toEqual(['open', 'released']);
      await rejects(() => wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant }), 'HOLD_NOT_OPEN');
      expect((await wallet.getAccount(user))?.available).toBe(10_000);
    });

    it('voiding a hold that was never placed keeps a late placement from reserving anything', async () => {
      const { wallet, clock } = getWorld();
      const voided = await wallet.voidHold({ id: 'h1', accountId: user });
      expect(voided).toMatchObject({ status: 'released', amount: 0 });
      await rejects(
        () => wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: clock.now() + 60_000 }),
        'IDEMPOTENCY_CONFLICT',
      );
      expect(await wallet.voidHold({ id: 'h1', accountId: user })).toEqual(voided);
      expect((await wallet.getAccount(user))?.available).toBe(10_000);
    });

    it('voiding an open hold releases it; voiding a captured one leaves it captured', async () => {
      const { wallet, clock } = getWorld();
      await wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: clock.now() + 60_000 });
      expect((await wallet.voidHold({ id: 'h1', accountId: user })).status).toBe('released');
      expect((await wallet.getAccount(user))?.held).toBe(0);
      await wallet.placeHold({ id: 'h2', accountId: user, amount: 1_000, expiresAt: clock.now() + 60_000 });
      await wallet.captureHold({ id: 'c2', holdId: 'h2', to: consultant });
      expect((await wallet.voidHold({ id: 'h2', accountId: user })).status).toBe('captured');
      expect(await wallet.verify()).toMatchObject({ ok: true });
    });

    it('an expired hold can be neither released nor captured', async () => {
      const { wallet, clock } = getWorld();
      await wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: clock.now() + 1_000 });
      await clock.advance(1_000);
      await rejects(() => wallet.releaseHold('h1'), 'HOLD_NOT_OPEN');
      await rejects(() => wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant }), 'HOLD_NOT_OPEN');
      await expect(wallet.releaseHold('h1')).rejects.toMatchObject({ details: { status: 'expired' } });
    });

    it('a capture replayed after its hold expired returns the capture; another id is HOLD_NOT_OPEN', async () => {
      const { wallet, clock } = getWorld();
      await wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: clock.now() + 1_000 });
      const captured = await wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant, amount: 600 });
      await clock.advance(5_000);
      expect(await wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant, amount: 600 })).toEqual(captured);
      await rejects(
        () => wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant, amount: 601 }),
        'IDEMPOTENCY_CONFLICT',
      );
      await rejects(() => wallet.captureHold({ id: 'c2', holdId: 'h1', to: consultant }), 'HOLD_NOT_OPEN');
      expect((await wallet.getAccount(user))?.balance).toBe(9_400);
    });
  });

  describe('ids and ceilings', () => {
    it('ids with NUL or control characters are INVALID_INPUT and write nothing', async () => {
      const { wallet, clock } = getWorld();
      for (const id of ['user:\u0000x', 'user:a\nb', 'tx\u0007', '\u009b']) {
        await rejects(() => wallet.openAccount({ id, type: 'user' }), 'INVALID_INPUT');
        await rejects(() => wallet.topUp({ id, to: user, amount: 1 }), 'INVALID_INPUT');
        await rejects(
          () => wallet.placeHold({ id, accountId: user, amount: 1, expiresAt: clock.now() + 1_000 }),
          'INVALID_INPUT',
        );
        await expect(wallet.getAccount(id)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
    });

    it('a credit beyond the balance ceiling is BALANCE_LIMIT_EXCEEDED; an amount beyond the cap is INVALID_INPUT', async () => {
      const { store, clock } = getWorld();
      const capped = createWallet({ store, clock, limits: { maxAmount: 15_000, maxBalance: 20_000 } });
      await rejects(() => capped.topUp({ id: 'big', to: otherUser, amount: 15_001 }), 'INVALID_INPUT');
      await capped.topUp({ id: 'fill', to: user, amount: 10_000 });
      await rejects(() => capped.topUp({ id: 'over', to: user, amount: 1 }), 'BALANCE_LIMIT_EXCEEDED');
      await capped.transfer({ id: 'move', from: user, to: otherUser, amount: 500 });
      await capped.topUp({ id: 'refill', to: user, amount: 500 });
      expect((await capped.getAccount(user))?.balance).toBe(20_000);
      expect(() => createWallet({ store, limits: { maxBalance: 2 ** 53 } })).toThrow(/limits\.maxBalance/);
    });

    it('a split charge with a commission in paise pays the platform exactly that', async () => {
      const { wallet } = getWorld();
      const tx = await wallet.splitCharge({ id: 's1', from: user, to: consultant, amount: 1_000, commission: 201 });
      expect(tx.postings).toEqual([
        { accountId: user, amount: -1_000 },
        { accountId: consultant, amount: 799 },
        { accountId: 'system:revenue', amount: 201 },
      ]);
      await rejects(
        () => wallet.splitCharge({ id: 's2', from: user, to: consultant, amount: 10, commission: 11 }),
        'INVALID_INPUT',
      );
      await rejects(
        () => wallet.splitCharge({ id: 's3', from: user, to: consultant, amount: 10, commission: 1, commissionBps: 1 }),
        'INVALID_INPUT',
      );
    });
  });
}
