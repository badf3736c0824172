import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../accounts.js';
import type { Transaction } from '../types.js';
import { createWalletWorld, type MakeWalletStore, snapshot, type WalletWorld, WORLD_ACCOUNTS } from './fixtures.js';
import { holdRuleCases } from './hold-rules.js';
import { walletPropertyTests } from './properties.js';

/** Options of {@link walletStoreContract}. */
export interface WalletContractOptions {
  /** Runs of the randomized reference-model test (default 60; lower it for slow stores), times `PROPERTY_SCALE`. */
  propertyRuns?: number;
  /** Parallel debits in the race test (default 40). */
  racers?: number;
}

const { user, otherUser, consultant } = WORLD_ACCOUNTS;
const ALL = [user, otherUser, consultant, ...Object.values(SYSTEM_ACCOUNTS)];

/**
 * The contract every `WalletStore` adapter must pass. Call it from a
 * vitest file with a factory that returns an empty store:
 *
 * @example
 * ```ts
 * walletStoreContract('memory', async () => ({ store: createMemoryWalletStore() }));
 * ```
 */
export function walletStoreContract(
  name: string,
  makeStore: MakeWalletStore,
  options: WalletContractOptions = {},
): void {
  describe(`wallet store contract: ${name}`, () => {
    let world: WalletWorld;
    let close: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const fixture = await makeStore();
      close = fixture.close;
      world = await createWalletWorld(fixture.store);
    });
    afterEach(async () => {
      await close?.();
    });

    /** Asserts `action` fails with `code` and leaves every observable byte of the books unchanged. */
    async function rejects(action: () => Promise<unknown>, code: string): Promise<void> {
      const before = await snapshot(world.wallet, world.store, ALL);
      await expect(action()).rejects.toMatchObject({ code });
      expect(await snapshot(world.wallet, world.store, ALL)).toBe(before);
    }

    describe('accounts', () => {
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

    describe('transactions', () => {
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
          const before = await snapshot(world.wallet, world.store, ALL);
          const transfer = world.wallet.transfer(input as never);
          await expect(transfer).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field } });
          expect(await snapshot(world.wallet, world.store, ALL)).toBe(before);
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
        await rejects(
          () => world.wallet.transfer({ id: 't1', from: user, to: otherUser, amount: 1 }),
          'ACCOUNT_FROZEN',
        );
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

    describe('split charges', () => {
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

    describe('holds', () => {
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

    describe('refunds', () => {
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
          const before = await snapshot(world.wallet, world.store, ALL);
          await expect(many(ids)).rejects.toMatchObject({
            code: 'INVALID_INPUT',
            details: { field: 'transactionIds' },
          });
          expect(await snapshot(world.wallet, world.store, ALL)).toBe(before);
        }
        // The consultant spends its share of s2: the whole refund fails, not just that part.
        await world.wallet.transfer({ id: 't1', from: consultant, to: otherUser, amount: 1_000 });
        await rejects(() => many(['s1', 's2']), 'INSUFFICIENT_FUNDS');
        expect(await world.store.refundedAmount('s1')).toBe(100);
        expect(await world.store.refundedAmount('s2')).toBe(0);
      });
    });

    describe('statements', () => {
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

    describe('concurrency', () => {
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

    holdRuleCases(() => world, rejects);
    walletPropertyTests(() => world, options.propertyRuns ?? 60);
  });
}
