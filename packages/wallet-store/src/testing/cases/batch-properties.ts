import { propertyRuns } from '@jyotishconnect/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNTS } from '../../accounts.js';
import { WalletError } from '../../errors.js';
import type { BatchOperation, BatchResult } from '../../inputs.js';
import type { Metadata } from '../../types.js';
import type { Wallet } from '../../wallet.js';
import { createWalletWorld, type MakeWalletStore, snapshot, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;
const WALLETS = [user, otherUser, consultant];
const GHOST = 'user:ghost';

// Small id pools, so replays, conflicts and captures of holds placed in the same batch are frequent.
const txId = fc.integer({ min: 0, max: 12 }).map((n) => `tx${n}`);
const holdId = fc.integer({ min: 0, max: 5 }).map((n) => `hold${n}`);
const account = fc.constantFrom(...WALLETS, GHOST);
const amount = fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 60 }), fc.constant(0));
const bps = fc.constantFrom(0, 1_200, 3_333, 10_000);
// Caller facts a result must echo, as billing's captures and holds carry them.
const metadata = fc.constantFrom<Metadata>({}, { interval: 1 }, { sessionId: 's1', interval: 2, note: 'ünïcode' });

/** A change between batches: a tick of the clock, or an account frozen or unfrozen. */
type Pause = { op: 'advance'; ms: number } | { op: 'freeze'; accountId: string; frozen: boolean };

/** A write of the batch API, a billing tick's two writes, or a change between batches. */
type Step = BatchOperation | Pause | { op: 'tick'; writes: BatchOperation[] };

/** A step once a tick is spread into its writes. */
type Flat = BatchOperation | Pause;

// A billing tick's pair: capture interval k's hold (all of it, or part) into the consultant, or a wallet that
// may not exist, with or without commission, then place interval k+1's hold. Weighted up, and the user's
// wallet starts with holds 0 and 1 open, so most batches capture and place holds in bulk.
const tick = fc.record(
  {
    k: fc.constantFrom(0, 0, 1, 1, 2, 3),
    to: fc.constantFrom(consultant, consultant, otherUser, GHOST),
    amount: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 60 })),
    commissionBps: bps,
    next: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1_000, max: 9_000 })),
    nextOn: fc.constantFrom(user, user, user, otherUser, GHOST),
  },
  { requiredKeys: ['k', 'to', 'commissionBps', 'next', 'nextOn'] },
);

type Tick = typeof tick extends fc.Arbitrary<infer T> ? T : never;

/** The two writes of a tick; the capture's id is in the pool the other writes use, so replays happen. */
function tickWrites(each: Tick): BatchOperation[] {
  const { k, to, amount, commissionBps, next, nextOn } = each;
  return [
    {
      op: 'captureHold',
      id: `tx${k + 6}`,
      holdId: `hold${k}`,
      to,
      commissionBps,
      ...(amount ? { amount } : {}),
      metadata: { sessionId: 's1', interval: k },
    },
    {
      op: 'placeHold',
      id: `hold${k + 1}`,
      accountId: nextOn,
      amount: next,
      expiresAt: 30_000,
      metadata: { sessionId: 's1', interval: k + 1 },
    },
  ];
}

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('topUp' as const), id: txId, to: account, amount }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('transfer' as const), id: txId, from: account, to: account, amount }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('splitCharge' as const),
      id: txId,
      from: account,
      to: account,
      amount,
      commissionBps: bps,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('placeHold' as const),
      id: holdId,
      accountId: fc.constantFrom(user, user, otherUser, GHOST),
      amount: fc.oneof(amount, fc.integer({ min: 2_000, max: 6_000 })),
      expiresAt: fc.constantFrom(-1_000, 1_000, 30_000),
      metadata,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record(
      {
        op: fc.constant('captureHold' as const),
        id: txId,
        holdId,
        to: account,
        amount: fc.integer({ min: 1, max: 4_000 }),
        commissionBps: bps,
        commission: fc.integer({ min: 0, max: 500 }),
        metadata,
      },
      { requiredKeys: ['op', 'id', 'holdId', 'to'] },
    ),
    weight: 1,
  },
  { arbitrary: tick.map((each) => ({ op: 'tick' as const, writes: tickWrites(each) })), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('releaseHold' as const), holdId }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('voidHold' as const), id: holdId, accountId: account }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(500, 2_000, 40_000) }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('freeze' as const),
      accountId: fc.constantFrom(user, otherUser, consultant),
      frozen: fc.boolean(),
    }),
    weight: 1,
  },
);

/**
 * `commitMany` against one-by-one calls: the same random steps go to two
 * fresh stores, one call at a time on one and in random batches on the other
 * (a tick of the clock or a freeze ends a batch); every result, balance,
 * statement, hold and transaction must be identical. Billing ticks' pairs
 * (capture a hold, place the next) are frequent, with holds placed and
 * captured in one batch, captures of expired, released or captured holds,
 * holds that do not fit, frozen accounts and replayed ids.
 */
export function batchPropertyTests(makeStore: MakeWalletStore, runs: number): void {
  describe('commitMany', () => {
    it('random batches give exactly what the same calls give one by one', async () => {
      const single = await makeStore();
      const batched = await makeStore();
      try {
        const one = await createWalletWorld(single.store);
        const many = await createWalletWorld(batched.store);
        let round = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(step, { minLength: 1, maxLength: 40 }),
            fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
            async (steps, chunkSizes) => {
              const prefix = `b${round++}:`;
              const scoped = steps
                .flatMap((each) => (each.op === 'tick' ? each.writes : [each]))
                .map((each) => namespaced(each, prefix, one.clock.now()));
              for (const world of [one, many]) await openWallets(world.wallet, prefix, world.clock.now());
              const expected: unknown[] = [];
              for (const each of scoped) {
                if (isPause(each)) await pause(one, each);
                else expected.push(await oneByOne(one.wallet, each));
              }
              const actual = await inBatches(many, scoped, chunkSizes);
              expect(actual).toEqual(expected);
              expect(await observed(many, prefix)).toEqual(await observed(one, prefix));
            },
          ),
          { numRuns: propertyRuns(runs) },
        );
        expect((await many.wallet.verify()).problems).toEqual([]);
      } finally {
        await single.close?.();
        await batched.close?.();
      }
    });
  });
}

async function openWallets(wallet: Wallet, prefix: string, now: number): Promise<void> {
  await wallet.openAccount({ id: prefix + user, type: 'user' });
  await wallet.openAccount({ id: prefix + otherUser, type: 'user' });
  await wallet.openAccount({ id: prefix + consultant, type: 'consultant' });
  await wallet.topUp({ id: `${prefix}seed`, to: prefix + user, amount: 8_000 });
  // Billing's first holds, placed one by one on both stores: the batches' ticks capture them in bulk.
  for (const [n, amount] of [50, 40].entries()) {
    await wallet.placeHold({ id: `${prefix}hold${n}`, accountId: prefix + user, amount, expiresAt: now + 30_000 });
  }
}

/** Everything a run can have changed: its accounts and statements, the system accounts, its holds and transactions. */
async function observed(world: WalletWorld, prefix: string) {
  const accounts = [...WALLETS.map((id) => prefix + id), ...Object.values(SYSTEM_ACCOUNTS)];
  const holds = await Promise.all(Array.from({ length: 6 }, (_, n) => world.wallet.getHold(`${prefix}hold${n}`)));
  const transactions = await Promise.all(
    Array.from({ length: 13 }, (_, n) => world.wallet.getTransaction(`${prefix}tx${n}`)),
  );
  return { books: await snapshot(world.wallet, world.store, accounts), holds, transactions };
}

/** Scopes ids and wallets to one run and turns a relative expiry into an instant. */
function namespaced(each: Flat, prefix: string, now: number): Flat {
  const scoped: Record<string, unknown> = { ...each };
  for (const key of ['id', 'holdId', 'from', 'to', 'accountId'] as const) {
    const value = scoped[key];
    if (typeof value === 'string' && value !== GHOST) scoped[key] = prefix + value;
  }
  if (typeof scoped.expiresAt === 'number') scoped.expiresAt = now + scoped.expiresAt;
  return scoped as Flat;
}

/** The steps on the batched world: consecutive writes in batches of the given sizes, the clock ticking between. */
async function inBatches(world: WalletWorld, steps: readonly Flat[], sizes: readonly number[]): Promise<unknown[]> {
  const results: unknown[] = [];
  let pending: BatchOperation[] = [];
  let chunk = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    results.push(...(await world.wallet.commitMany(pending)).map(plainResult));
    pending = [];
    chunk++;
  };
  for (const each of steps) {
    if (isPause(each)) {
      await flush();
      await pause(world, each);
      continue;
    }
    pending.push(each);
    if (pending.length >= (sizes[chunk % sizes.length] as number)) await flush();
  }
  await flush();
  return results;
}

function isPause(each: Flat): each is Pause {
  return each.op === 'advance' || each.op === 'freeze';
}

/** Applies a change between batches to one world. */
async function pause(world: WalletWorld, each: Pause): Promise<void> {
  if (each.op === 'advance') await world.clock.advance(each.ms);
  else if (each.frozen) await world.wallet.freeze(each.accountId);
  else await world.wallet.unfreeze(each.accountId);
}

/** One operation through its one-by-one method, its result in the shape `commitMany` gives it. */
async function oneByOne(wallet: Wallet, operation: BatchOperation): Promise<unknown> {
  try {
    return { ok: true, value: await call(wallet, operation) };
  } catch (error) {
    if (error instanceof WalletError) return plainResult({ ok: false, error });
    throw error;
  }
}

function call(wallet: Wallet, operation: BatchOperation): Promise<unknown> {
  switch (operation.op) {
    case 'topUp':
      return wallet.topUp(operation);
    case 'transfer':
      return wallet.transfer(operation);
    case 'splitCharge':
      return wallet.splitCharge(operation);
    case 'placeHold':
      return wallet.placeHold(operation);
    case 'captureHold':
      return wallet.captureHold(operation);
    case 'releaseHold':
      return wallet.releaseHold(operation.holdId);
    case 'voidHold':
      return wallet.voidHold(operation);
  }
}

/** A result as data: an error by its code, message and details. */
function plainResult(result: BatchResult): unknown {
  if (result.ok) return result;
  const { code, message, details } = result.error;
  return { ok: false, error: { code, message, details } };
}
