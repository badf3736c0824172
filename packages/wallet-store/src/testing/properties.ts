import { isJyotishError } from '@jyotishconnect/core';
import { propertyRuns } from '@jyotishconnect/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../accounts.js';
import type { Wallet } from '../wallet.js';
import { snapshot, type WalletWorld, WORLD_ACCOUNTS } from './fixtures.js';
import { type Outcome, WalletModel, type WalletOp } from './model.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;
const WALLETS = [user, otherUser, consultant];
const GHOST = 'user:ghost';
const ACCOUNTS = [...WALLETS, GHOST];

const account = fc.constantFrom(...ACCOUNTS);
const wallet = fc.constantFrom(...WALLETS);
// Small id pools make replays and id collisions frequent.
const txId = fc.integer({ min: 0, max: 24 }).map((n) => `tx${n}`);
const holdId = fc.integer({ min: 0, max: 4 }).map((n) => `hold${n}`);
const amount = fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 60 }));
const bps = fc.constantFrom(0, 1_200, 1_250, 3_333, 10_000);

const walletOp: fc.Arbitrary<WalletOp> = fc.oneof(
  fc.record({ op: fc.constant('topUp' as const), id: txId, to: account, amount }),
  fc.record({ op: fc.constant('transfer' as const), id: txId, from: account, to: account, amount }),
  fc.record({ op: fc.constant('split' as const), id: txId, from: wallet, to: wallet, amount, commissionBps: bps }),
  fc.record({
    op: fc.constant('placeHold' as const),
    id: holdId,
    // Holds mostly on the funded wallet, some large, so captures meet tight balances.
    accountId: fc.constantFrom(user, user, user, otherUser, GHOST),
    amount: fc.oneof(amount, fc.integer({ min: 2_000, max: 5_000 })),
    ttlMs: fc.constantFrom(1_000, 5_000, 30_000),
  }),
  fc.record({
    op: fc.constant('capture' as const),
    id: txId,
    holdId,
    to: wallet,
    amount: fc.option(amount, { nil: null }),
    commissionBps: fc.option(bps, { nil: null }),
  }),
  fc.record({ op: fc.constant('release' as const), holdId }),
  fc.record({
    op: fc.constant('refund' as const),
    id: txId,
    transactionId: txId,
    amount: fc.option(amount, { nil: null }),
  }),
  fc.record({
    op: fc.constant('refundMany' as const),
    id: txId,
    // Mostly distinct ids; an occasional repeat or empty list is INVALID_INPUT.
    transactionIds: fc.oneof(
      { weight: 9, arbitrary: fc.uniqueArray(txId, { minLength: 1, maxLength: 4 }) },
      { weight: 1, arbitrary: fc.array(txId, { maxLength: 3 }) },
    ),
    amount: fc.option(amount, { nil: null }),
  }),
  fc.record({ op: fc.constant('freeze' as const), accountId: wallet, frozen: fc.boolean() }),
  fc.record({ op: fc.constant('expire' as const) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(500, 2_000, 10_000) }),
);

/**
 * Randomized workloads against a reference model: every operation's outcome
 * (success or error code) must match the model, every rejection must leave the
 * books unchanged, and afterwards every balance matches and `verify()` holds.
 */
export function walletPropertyTests(getWorld: () => WalletWorld, runs: number): void {
  describe('randomized workloads', () => {
    it('random operations match a reference model and keep the books balanced', async () => {
      let round = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(walletOp, { minLength: 5, maxLength: 40 }), async (ops) => {
          const { wallet: subject, store, clock } = getWorld();
          // Each run gets fresh wallets and ids, so runs share one store without interfering.
          const prefix = `r${round++}:`;
          const wallets = WALLETS.map((id) => prefix + id);
          const watched = [...wallets, ...Object.values(SYSTEM_ACCOUNTS)];
          await subject.openAccount({ id: wallets[0] as string, type: 'user' });
          await subject.openAccount({ id: wallets[1] as string, type: 'user' });
          await subject.openAccount({ id: wallets[2] as string, type: 'consultant' });
          await subject.topUp({ id: `${prefix}seed`, to: wallets[0] as string, amount: 5_000 });
          const model = await mirror(subject, watched, clock.now());
          for (const op of ops) {
            const scoped = namespaced(op, prefix);
            const before = await snapshot(subject, store, watched);
            const expected = model.apply(scoped);
            const actual = await run(subject, clock, scoped);
            expect({ op: scoped, outcome: actual }).toEqual({ op: scoped, outcome: expected });
            // A refused write changes nothing at all, not even the expired holds it would have closed.
            if (!actual.ok) expect(await snapshot(subject, store, watched)).toBe(before);
          }
          for (const id of watched) {
            const stored = await subject.getAccount(id);
            expect({ id, balance: stored?.balance, held: stored?.held }).toEqual({
              id,
              balance: model.balance(id),
              held: model.held(id),
            });
          }
          expect((await subject.verify()).problems).toEqual([]);
        }),
        { numRuns: propertyRuns(runs) },
      );
    });
  });
}

/** A model holding the current state of the watched accounts, which have no open holds yet. */
async function mirror(subject: Wallet, accountIds: readonly string[], now: number): Promise<WalletModel> {
  const model = new WalletModel(now);
  for (const id of accountIds) {
    const stored = await subject.getAccount(id);
    if (stored) model.accounts.set(id, { type: stored.type, balance: stored.balance, frozen: stored.frozen });
  }
  return model;
}

/** Scopes ids and wallet names to one run; system accounts and the unknown account stay shared. */
function namespaced<T extends WalletOp>(op: T, prefix: string): T {
  const scoped: Record<string, unknown> = { ...op };
  for (const key of ['id', 'holdId', 'transactionId', 'from', 'to', 'accountId'] as const) {
    const value = scoped[key];
    if (typeof value === 'string' && !value.startsWith('system:') && value !== GHOST) scoped[key] = prefix + value;
  }
  if (Array.isArray(scoped.transactionIds)) scoped.transactionIds = scoped.transactionIds.map((id) => prefix + id);
  return scoped as T;
}

async function run(subject: Wallet, clock: WalletWorld['clock'], op: WalletOp): Promise<Outcome> {
  try {
    switch (op.op) {
      case 'topUp':
        await subject.topUp({ id: op.id, to: op.to, amount: op.amount });
        break;
      case 'transfer':
        await subject.transfer({ id: op.id, from: op.from, to: op.to, amount: op.amount });
        break;
      case 'split':
        await subject.splitCharge({
          id: op.id,
          from: op.from,
          to: op.to,
          amount: op.amount,
          commissionBps: op.commissionBps,
        });
        break;
      case 'placeHold':
        await subject.placeHold({
          id: op.id,
          accountId: op.accountId,
          amount: op.amount,
          expiresAt: clock.now() + op.ttlMs,
        });
        break;
      case 'capture':
        await subject.captureHold({
          id: op.id,
          holdId: op.holdId,
          to: op.to,
          ...(op.amount === null ? {} : { amount: op.amount }),
          ...(op.commissionBps === null ? {} : { commissionBps: op.commissionBps }),
        });
        break;
      case 'release':
        await subject.releaseHold(op.holdId);
        break;
      case 'refund':
        await subject.refund({
          id: op.id,
          transactionId: op.transactionId,
          ...(op.amount === null ? {} : { amount: op.amount }),
        });
        break;
      case 'refundMany':
        await subject.refundMany({
          id: op.id,
          transactionIds: op.transactionIds,
          ...(op.amount === null ? {} : { amount: op.amount }),
        });
        break;
      case 'freeze':
        await (op.frozen ? subject.freeze(op.accountId) : subject.unfreeze(op.accountId));
        break;
      case 'expire':
        await subject.expireHolds();
        break;
      case 'advance':
        await clock.advance(op.ms);
        break;
    }
    return { ok: true };
  } catch (error) {
    if (isJyotishError(error)) return { ok: false, code: error.code };
    throw error;
  }
}
