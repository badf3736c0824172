import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, fromPg, ManualClock, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import { type BatchOperation, createWallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `jc_wallet_commit_many` decides billing ticks' writes (capture interval k, place the hold for k+1) in
// memory. To prove no write of such a batch takes the one-by-one path, each test replaces that path's
// entry, `jc_wallet_apply`, in its own schema with one that aborts the whole call (an SQLSTATE the batch
// does not catch), after the books are set up.

const SLOW_PATH = 'the one-by-one path of jc_wallet_commit_many was taken';
const PAYERS = 24;
const INTERVAL = 40;

/** Books in a fresh schema: funded payers, each with an open hold for interval 0, a consultant and a frozen payer. */
async function billingBooks(db: SqlExecutor) {
  const schema = `wallet_${randomUUID().replaceAll('-', '')}`;
  await migrateWalletStore(db, { schema });
  const clock = new ManualClock();
  const wallet = createWallet({ store: createPostgresWalletStore({ db, schema }), clock });
  await wallet.openSystemAccounts();
  await wallet.openAccount({ id: 'consultant:guru', type: 'consultant' });
  const payers = Array.from({ length: PAYERS }, (_, p) => `user:payer:${p}`);
  for (const id of [...payers, 'user:frozen', 'user:poor']) {
    await wallet.openAccount({ id, type: 'user' });
  }
  for (const id of [...payers, 'user:frozen']) {
    await wallet.topUp({ id: `fund:${id}`, to: id, amount: 10_000 });
  }
  for (const id of payers) {
    await wallet.placeHold(holdOf(id, 0, clock.now()));
  }
  await wallet.freeze('user:frozen');
  const stubSlowPath = () =>
    db.query(`CREATE OR REPLACE FUNCTION ${quoteIdent(schema)}.jc_wallet_apply(w jsonb) RETURNS jsonb
      LANGUAGE plpgsql AS $fn$ BEGIN RAISE EXCEPTION USING ERRCODE = 'JC001', MESSAGE = '${SLOW_PATH}'; END $fn$`);
  return { wallet, clock, payers, stubSlowPath, close: () => db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`) };
}

function holdOf(payer: string, interval: number, now: number) {
  return { id: `hold:${payer}:${interval}`, accountId: payer, amount: INTERVAL, expiresAt: now + 60_000 };
}

/** Interval k of every payer: capture its hold (15% commission), then place the hold for k+1. */
function tick(payers: readonly string[], k: number, now: number): BatchOperation[] {
  return payers.flatMap((payer) => [
    {
      op: 'captureHold' as const,
      id: `charge:${payer}:${k}`,
      holdId: `hold:${payer}:${k}`,
      to: 'consultant:guru',
      amount: INTERVAL - (k % 3),
      commissionBps: 1_500,
    },
    { op: 'placeHold' as const, ...holdOf(payer, k + 1, now) },
  ]);
}

function bulkPathCases(name: string, connect: () => SqlExecutor): void {
  describe(`commitMany bulk path: ${name}`, () => {
    it('billing ticks of (capture, place hold) pairs take no one-by-one write, and the books match', async () => {
      const { wallet, clock, payers, stubSlowPath, close } = await billingBooks(connect());
      try {
        await stubSlowPath();
        let charged = 0;
        for (let k = 0; k < 3; k++) {
          const results = await wallet.commitMany(tick(payers, k, clock.now()));
          expect(results.filter((result) => !result.ok)).toEqual([]);
          charged += INTERVAL - (k % 3);
          await clock.advance(5_000);
        }
        for (const payer of payers) {
          expect(await wallet.getAccount(payer)).toMatchObject({ balance: 10_000 - charged, held: INTERVAL });
          expect(await wallet.getHold(`hold:${payer}:2`)).toMatchObject({
            status: 'captured',
            capturedAmount: INTERVAL - 2,
            captureTransactionId: `charge:${payer}:2`,
          });
          expect(await wallet.getHold(`hold:${payer}:3`)).toMatchObject({ status: 'open', amount: INTERVAL });
        }
        const commission = [0, 1, 2].reduce((sum, k) => sum + Math.floor(((INTERVAL - k) * 1_500) / 10_000), 0);
        expect((await wallet.getAccount('consultant:guru'))?.balance).toBe(PAYERS * (charged - commission));
        expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
      } finally {
        await close();
      }
    });

    it('placements and captures that fail their guards are decided in memory too, and write nothing', async () => {
      const { wallet, clock, payers, stubSlowPath, close } = await billingBooks(connect());
      try {
        await stubSlowPath();
        const now = clock.now();
        const [first = '', second = ''] = payers;
        const results = await wallet.commitMany([
          { op: 'placeHold', id: 'hold:ghost', accountId: 'user:ghost', amount: 5, expiresAt: now + 1_000 },
          { op: 'placeHold', id: 'hold:frozen', accountId: 'user:frozen', amount: 5, expiresAt: now + 1_000 },
          { op: 'placeHold', id: 'hold:poor', accountId: 'user:poor', amount: 5, expiresAt: now + 1_000 },
          // The first payer's wallet can reserve 9,960 more, not 9,961; the capture then frees its 40.
          { op: 'placeHold', id: 'hold:big', accountId: first, amount: 9_961, expiresAt: now + 1_000 },
          { op: 'captureHold', id: 'charge:ghost', holdId: `hold:${second}:0`, to: 'consultant:ghost' },
          { op: 'captureHold', id: 'charge:full', holdId: `hold:${first}:0`, to: 'consultant:guru' },
          { op: 'placeHold', id: 'hold:big:2', accountId: first, amount: 9_960, expiresAt: now + 1_000 },
          { op: 'placeHold', id: 'hold:over', accountId: second, amount: 9_961, expiresAt: now + 1_000 },
        ]);
        expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
          'ACCOUNT_NOT_FOUND',
          'ACCOUNT_FROZEN',
          'INSUFFICIENT_FUNDS',
          'INSUFFICIENT_FUNDS',
          'ACCOUNT_NOT_FOUND',
          'ok',
          'ok',
          'INSUFFICIENT_FUNDS',
        ]);
        expect(await wallet.getHold('hold:ghost')).toBeNull();
        expect(await wallet.getHold('hold:big')).toBeNull();
        expect(await wallet.getTransaction('charge:ghost')).toBeNull();
        expect(await wallet.getAccount(first)).toMatchObject({ balance: 9_960, held: 9_960, available: 0 });
        expect(await wallet.getAccount(second)).toMatchObject({ balance: 10_000, held: INTERVAL });
        expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
      } finally {
        await close();
      }
    });

    it('a tick after its holds lapsed (captures refused, charges made directly, next holds) takes no one-by-one write', async () => {
      const { wallet, clock, payers, stubSlowPath, close } = await billingBooks(connect());
      try {
        await stubSlowPath();
        // The engine fell behind: every hold of interval 0 expired before its tick.
        await clock.advance(61_000);
        const captures = await wallet.commitMany([
          ...payers.map((payer) => ({
            op: 'captureHold' as const,
            id: `charge:${payer}:0`,
            holdId: `hold:${payer}:0`,
            to: 'consultant:guru',
            amount: INTERVAL,
            commissionBps: 1_500,
          })),
          { op: 'captureHold', id: 'charge:missing', holdId: 'hold:missing', to: 'consultant:guru' },
        ]);
        expect(captures.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
          ...payers.map(() => 'HOLD_NOT_OPEN'),
          'HOLD_NOT_FOUND',
        ]);
        // The last two payers' lapsed holds are freed by one write each: a charge alone, or a placement that
        // fits only once the lapsed reservation no longer counts.
        const ticking = payers.slice(0, -2);
        const [chargedOnly = '', wholeBalance = ''] = payers.slice(-2);
        const chargeOf = (payer: string): BatchOperation => ({
          op: 'splitCharge',
          id: `charge:${payer}:0`,
          from: payer,
          to: 'consultant:guru',
          amount: INTERVAL,
          commissionBps: 1_500,
        });
        const charges = await wallet.commitMany([
          ...ticking.flatMap((payer): BatchOperation[] => [
            chargeOf(payer),
            { op: 'placeHold', ...holdOf(payer, 1, clock.now()) },
          ]),
          chargeOf(chargedOnly),
          { op: 'placeHold', ...holdOf(wholeBalance, 1, clock.now()), amount: 10_000 },
        ]);
        expect(charges.filter((result) => !result.ok)).toEqual([]);
        for (const payer of payers) {
          expect(await wallet.getHold(`hold:${payer}:0`)).toMatchObject({ status: 'expired' });
        }
        for (const payer of ticking) {
          expect(await wallet.getAccount(payer)).toMatchObject({ balance: 10_000 - INTERVAL, held: INTERVAL });
        }
        expect(await wallet.getAccount(chargedOnly)).toMatchObject({ balance: 10_000 - INTERVAL, held: 0 });
        expect(await wallet.getAccount(wholeBalance)).toMatchObject({ balance: 10_000, held: 10_000 });
        // Each account's stored reservation still equals its open holds: the lapsed ones were closed as freed.
        expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
      } finally {
        await close();
      }
    });

    it('sessions ending (releases and voids of open holds, and of holds no longer open) take no one-by-one write', async () => {
      const { wallet, clock, payers, stubSlowPath, close } = await billingBooks(connect());
      try {
        const [captured = '', capturedToo = '', released = '', voided = '', ...rest] = payers;
        for (const payer of [captured, capturedToo]) {
          await wallet.captureHold({ id: `charge:${payer}`, holdId: `hold:${payer}:0`, to: 'consultant:guru' });
        }
        await stubSlowPath();
        const results = await wallet.commitMany([
          { op: 'releaseHold', holdId: `hold:${released}:0` },
          { op: 'voidHold', id: `hold:${voided}:0`, accountId: voided },
          { op: 'releaseHold', holdId: `hold:${captured}:0` },
          { op: 'voidHold', id: `hold:${capturedToo}:0`, accountId: capturedToo },
          // The freed reservations count at once: each wallet can now reserve all it has.
          { op: 'placeHold', id: 'hold:all', accountId: released, amount: 10_000, expiresAt: clock.now() + 1_000 },
          ...rest.map((payer) => ({ op: 'releaseHold' as const, holdId: `hold:${payer}:0` })),
        ]);
        // A release of a hold no longer open is refused, as one by one; a void of one leaves it as it is.
        expect(
          results.map((result) => (result.ok ? (result.value as { status: string }).status : result.error.code)),
        ).toEqual(['released', 'released', 'HOLD_NOT_OPEN', 'captured', 'open', ...rest.map(() => 'released')]);
        expect(await wallet.getHold(`hold:${voided}:0`)).toMatchObject({ status: 'released' });
        expect(await wallet.getAccount(released)).toMatchObject({ balance: 10_000, held: 10_000 });
        for (const payer of [voided, ...rest]) {
          expect(await wallet.getAccount(payer)).toMatchObject({ balance: 10_000, held: 0 });
        }
        for (const payer of [captured, capturedToo]) {
          expect(await wallet.getAccount(payer)).toMatchObject({ balance: 10_000 - INTERVAL, held: 0 });
        }
        expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
      } finally {
        await close();
      }
    });

    it('a replayed tick needs the one-by-one path, so the stub is seen: these tests can fail', async () => {
      const { wallet, clock, payers, stubSlowPath, close } = await billingBooks(connect());
      try {
        const operations = tick(payers.slice(0, 2), 0, clock.now());
        expect((await wallet.commitMany(operations)).every((result) => result.ok)).toBe(true);
        await stubSlowPath();
        await expect(wallet.commitMany(operations)).rejects.toThrow(SLOW_PATH);
        // A hold placed and captured in one batch is also decided one by one, for its capture.
        const [payer = ''] = payers;
        await expect(
          wallet.commitMany([
            { op: 'placeHold', ...holdOf(payer, 9, clock.now()) },
            { op: 'captureHold', id: 'charge:same', holdId: `hold:${payer}:9`, to: 'consultant:guru' },
          ]),
        ).rejects.toThrow(SLOW_PATH);
        expect(await wallet.getHold(`hold:${payer}:9`)).toBeNull();
      } finally {
        await close();
      }
    });
  });
}

describe('postgres (PGlite)', () => {
  const pglite = new PGlite();
  afterAll(() => pglite.close());
  bulkPathCases('PGlite', () => fromPGlite(pglite));
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl, max: 4 });
  });
  afterAll(() => pool.end());
  bulkPathCases('server', () => fromPg(pool));

  /** A pool of one connection, and the id of its backend. */
  async function connection() {
    const one = new pg.Pool({ connectionString: postgresUrl, max: 1, idleTimeoutMillis: 0 });
    const { rows } = await one.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return { pool: one, pid: rows[0]?.pid as number };
  }

  /** Resolves once the backend `pid` waits for a lock, or `call` settles; polls, so it holds on a loaded machine. */
  async function waitingForLock(pid: number, call: Promise<unknown>): Promise<void> {
    let settled = false;
    call.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    while (!settled) {
      const { rows } = await pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = $2', [
        pid,
        'Lock',
      ]);
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  // A batch locks its balance rows first and writes its new ids last, while a one-by-one write claims its id
  // first and then waits for those rows: with the same new id, each waits for the other. PostgreSQL aborts
  // one of them; the adapter runs the loser again, and it replays what the winner wrote.
  const sameIdRaces = [
    {
      name: 'a transfer',
      batch: (_now: number) => ({ op: 'transfer', id: 'tx:same', from: 'user:a', to: 'user:b', amount: 100 }),
      single: (wallet: ReturnType<typeof createWallet>, _now: number) =>
        wallet.transfer({ id: 'tx:same', from: 'user:a', to: 'user:b', amount: 100 }),
    },
    {
      name: 'a hold placement',
      batch: (now: number) => ({
        op: 'placeHold',
        id: 'hold:same',
        accountId: 'user:a',
        amount: 100,
        expiresAt: now + 60_000,
      }),
      single: (wallet: ReturnType<typeof createWallet>, now: number) =>
        wallet.placeHold({ id: 'hold:same', accountId: 'user:a', amount: 100, expiresAt: now + 60_000 }),
    },
  ] as const;
  for (const race of sameIdRaces) {
    it(`${race.name} with the same new id, one by one and in a batch on the same rows, is written once and both calls succeed`, async () => {
      const admin = fromPg(pool);
      const schema = `wallet_${randomUUID().replaceAll('-', '')}`;
      await migrateWalletStore(admin, { schema });
      const clock = new ManualClock();
      const setup = createWallet({ store: createPostgresWalletStore({ db: admin, schema }), clock });
      const [batcher, single] = [await connection(), await connection()];
      const walletOn = (one: pg.Pool) =>
        createWallet({ store: createPostgresWalletStore({ db: fromPg(one), schema }), clock });
      const barrier = await pool.connect();
      try {
        await setup.openSystemAccounts();
        for (const id of ['user:a', 'user:b', 'user:z']) await setup.openAccount({ id, type: 'user' });
        await setup.topUp({ id: 'fund', to: 'user:a', amount: 1_000 });
        // The batch locks user:a and user:b, then waits for user:z, held here, before it writes anything.
        await barrier.query('BEGIN');
        await barrier.query(
          `SELECT 1 FROM ${quoteIdent(schema)}.jc_wallet_balances WHERE account_id = 'user:z' FOR UPDATE`,
        );
        const batched = walletOn(batcher.pool).commitMany([
          race.batch(clock.now()) as BatchOperation,
          { op: 'topUp', id: 'tx:z', to: 'user:z', amount: 5 },
        ]);
        await waitingForLock(batcher.pid, batched);
        const alone = race.single(walletOn(single.pool), clock.now());
        await waitingForLock(single.pid, alone);
        await barrier.query('COMMIT');
        const [batchResults, singleResult] = await Promise.all([batched, alone]);
        expect(batchResults.map((result) => result.ok)).toEqual([true, true]);
        expect(batchResults[0]?.ok && batchResults[0].value).toEqual(singleResult);
        expect(await setup.getAccount('user:a')).toMatchObject(
          race.name === 'a transfer' ? { balance: 900, held: 0 } : { balance: 1_000, held: 100 },
        );
        expect(await setup.verify()).toMatchObject({ ok: true, total: 0 });
      } finally {
        await barrier.query('ROLLBACK').catch(() => {});
        barrier.release();
        await Promise.all([batcher.pool.end(), single.pool.end()]);
        await admin.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      }
    });
  }
});
