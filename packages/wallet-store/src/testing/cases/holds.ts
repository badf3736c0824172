import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../../accounts.js';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;

/** The contract cases of holds. */
export function holdCases(getWorld: () => WalletWorld, rejects: Rejects, _options: WalletContractOptions = {}): void {
  describe('holds', () => {
    let world: WalletWorld;
    beforeEach(() => {
      world = getWorld();
    });

    const inOneMinute = () => world.clock.now() + 60_000;

    it('a hold reduces the available balance, not the balance', async () => {
      await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 4_000, expiresAt: inOneMinute() });
      expect(await world.wallet.getAccount(user)).toMatchObject({ balance: 10_000, held: 4_000, available: 6_000 });
    });

    it('holds can never exceed the available balance', async () => {
      await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 7_000, expiresAt: inOneMinute() });
      await rejects(
        () => world.wallet.placeHold({ id: 'h2', accountId: user, amount: 3_001, expiresAt: inOneMinute() }),
        'INSUFFICIENT_FUNDS',
      );
      await rejects(
        () => world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 3_001 }),
        'INSUFFICIENT_FUNDS',
      );
    });

    it('a partial capture charges the amount captured and releases the rest', async () => {
      await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 4_000, expiresAt: inOneMinute() });
      const tx = await world.wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant, amount: 1_500 });
      expect(tx).toMatchObject({ holdId: 'h1', kind: 'transfer' });
      expect(await world.wallet.getAccount(user)).toMatchObject({ balance: 8_500, held: 0, available: 8_500 });
      expect(await world.wallet.getHold('h1')).toMatchObject({
        status: 'captured',
        capturedAmount: 1_500,
        captureTransactionId: 'c1',
      });
    });

    it('a capture straight into a split charge pays consultant and platform', async () => {
      await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: inOneMinute() });
      await world.wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant, commissionBps: 1_200 });
      expect((await world.wallet.getAccount(consultant))?.balance).toBe(880);
      expect((await world.wallet.getAccount(SYSTEM_ACCOUNTS.revenue))?.balance).toBe(120);
      expect(await world.wallet.verify()).toMatchObject({ ok: true });
    });

    it('a hold resolves at most once', async () => {
      await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: inOneMinute() });
      await world.wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant });
      await rejects(() => world.wallet.captureHold({ id: 'c2', holdId: 'h1', to: consultant }), 'HOLD_NOT_OPEN');
      await rejects(() => world.wallet.releaseHold('h1'), 'HOLD_NOT_OPEN');
      // Replaying the capture itself is idempotent.
      expect((await world.wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant })).id).toBe('c1');
    });

    it('capturing more than the hold is CAPTURE_EXCEEDS_HOLD', async () => {
      await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: inOneMinute() });
      await rejects(
        () => world.wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant, amount: 1_001 }),
        'CAPTURE_EXCEEDS_HOLD',
      );
    });

    it('a released hold frees its funds and releasing again is harmless', async () => {
      await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt: inOneMinute() });
      expect((await world.wallet.releaseHold('h1')).status).toBe('released');
      expect((await world.wallet.releaseHold('h1')).status).toBe('released');
      expect((await world.wallet.getAccount(user))?.available).toBe(10_000);
    });

    it('an expired hold cannot be captured and its funds return to the wallet', async () => {
      await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 9_000, expiresAt: inOneMinute() });
      await world.clock.advance(60_000);
      await rejects(() => world.wallet.captureHold({ id: 'c1', holdId: 'h1', to: consultant }), 'HOLD_NOT_OPEN');
      await world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 10_000 });
      expect(await world.wallet.getHold('h1')).toMatchObject({ status: 'expired' });
    });

    it('expireHolds sweeps every hold past its expiry and no other', async () => {
      await world.wallet.placeHold({
        id: 'h1',
        accountId: user,
        amount: 1_000,
        expiresAt: world.clock.now() + 1_000,
      });
      await world.wallet.placeHold({
        id: 'h2',
        accountId: user,
        amount: 1_000,
        expiresAt: world.clock.now() + 5_000,
      });
      await world.clock.advance(2_000);
      expect(await world.wallet.expireHolds()).toBe(1);
      expect(await world.wallet.getAccount(user)).toMatchObject({ held: 1_000, available: 9_000 });
      expect(await world.wallet.verify()).toMatchObject({ ok: true });
    });

    it('a replayed hold returns the original; a changed one is IDEMPOTENCY_CONFLICT', async () => {
      const expiresAt = inOneMinute();
      const hold = await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt });
      expect(await world.wallet.placeHold({ id: 'h1', accountId: user, amount: 1_000, expiresAt })).toEqual(hold);
      await rejects(
        () => world.wallet.placeHold({ id: 'h1', accountId: user, amount: 1_001, expiresAt }),
        'IDEMPOTENCY_CONFLICT',
      );
      expect((await world.wallet.getAccount(user))?.held).toBe(1_000);
    });

    it('an unknown hold is HOLD_NOT_FOUND', async () => {
      await rejects(() => world.wallet.captureHold({ id: 'c1', holdId: 'nope', to: consultant }), 'HOLD_NOT_FOUND');
      await rejects(() => world.wallet.releaseHold('nope'), 'HOLD_NOT_FOUND');
    });
  });
}
