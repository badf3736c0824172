/**
 * `pnpm bench wallet-batch-size`: what billing's wallet writes cost in one `wallet.commitMany` on
 * PostgreSQL as the batch grows. A tick is two writes (capture interval k's hold, place the hold of
 * k+1); one caller sends batches of BENCH_TICKS_PER_BATCH ticks (10, 50, 200, 500), each size for
 * BENCH_TICKS (4,800) ticks, and the wall time a tick took is reported per size. Group commit makes
 * batches grow with load, so where this cost turns up is where an overloaded engine stops catching
 * up (docs/guides/scaling.md). Each size also runs lapsed ticks, as an engine behind its ticks by
 * more than a hold's margin sends them: every hold expired before its capture, so the tick is a
 * refused capture, then the interval charged directly under the same id with the next hold placed.
 * And sessions ending in batches of each size, each voiding its last hold (nothing left to charge).
 *
 * PostgreSQL at DATABASE_URL, or a throwaway cluster with fsync on (BENCH_FSYNC=off to turn it
 * off). The last line of stdout is one JSON object: `usPerTick`, `usPerLapsedTick` and `usPerEnd`
 * by batch size, `bestTicksPerBatch`.
 */
import { loadavg } from 'node:os';
import { fromPg, ManualClock } from '@jyotishconnect/core';
import { type BatchOperation, createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import pg from 'pg';
import { round } from './lib/billing-load.js';
import { envNumber } from './lib/common.js';
import { withBenchPostgres } from './lib/postgres-server.js';
import { openWalletBook } from './lib/wallet-book.js';

const SIZES = (process.env.BENCH_TICKS_PER_BATCH ?? '10,50,200,500').split(',').map((size) => {
  const ticks = Number(size);
  if (!Number.isInteger(ticks) || ticks < 1) {
    throw new Error(`BENCH_TICKS_PER_BATCH must list whole numbers above zero, not "${size}"`);
  }
  return ticks;
});
const TICKS = envNumber('BENCH_TICKS', 4_800);
const USERS = Math.max(...SIZES);
const CONSULTANTS = 50;

const userOf = (k: number) => `user:${k}`;

/** Opens the system accounts, a funded wallet per user of the largest batch, and the consultants. */
function openBook(wallet: Wallet): Promise<void> {
  return openWalletBook(wallet, {
    users: Array.from({ length: USERS }, (_, k) => userOf(k)),
    consultants: Array.from({ length: CONSULTANTS }, (_, c) => `consultant:${c}`),
    funds: 100_000_000,
  });
}

/** The clock the wallet reads: lapsed ticks move it past their holds' expiry. */
const clock = new ManualClock(Date.now());
const HOLD_MS = 60_000;

/** One measured case: batches of `size` ticks, every hold expired before its capture when `lapsed`. */
interface Case {
  readonly size: number;
  readonly lapsed: boolean;
}

const tagOf = ({ size, lapsed }: Case) => (lapsed ? `${size}:lapsed` : `${size}`);

/** The id of user `k`'s hold for interval `interval` in `run`. */
const holdIdOf = (run: Case, k: number, interval: number) => `hold:${tagOf(run)}:${k}:${interval}`;

/** A hold placement for each of the first `size` users, with the id `idOf` gives it. */
function placements(size: number, idOf: (k: number) => string): Extract<BatchOperation, { op: 'placeHold' }>[] {
  return Array.from({ length: size }, (_, k) => ({
    op: 'placeHold' as const,
    id: idOf(k),
    accountId: userOf(k),
    amount: 500,
    expiresAt: clock.now() + HOLD_MS,
  }));
}

/** The charge of interval `interval` for user `k`: a capture of its hold, or made directly once the hold lapsed. */
function charge(run: Case, k: number, interval: number, direct: boolean): BatchOperation {
  const id = `capture:${tagOf(run)}:${k}:${interval}`;
  const split = { id, to: `consultant:${k % CONSULTANTS}`, amount: 500, commissionBps: 1_200 };
  return direct
    ? { op: 'splitCharge', from: userOf(k), ...split }
    : { op: 'captureHold', holdId: holdIdOf(run, k, interval), ...split };
}

/**
 * The batches of one tick: (capture, place) pairs in one batch; for lapsed holds, as the engine
 * sends them, the captures (refused), then each interval charged directly with its next hold.
 */
function tickBatches(run: Case, interval: number): BatchOperation[][] {
  const next = placements(run.size, (k) => holdIdOf(run, k, interval + 1));
  const pairs = (direct: boolean) => next.flatMap((placement, k) => [charge(run, k, interval, direct), placement]);
  if (!run.lapsed) return [pairs(false)];
  return [next.map((_, k) => charge(run, k, interval, false)), pairs(true)];
}

/** Microseconds a tick took in `run`. */
async function measure(wallet: Wallet, run: Case): Promise<number> {
  await wallet.commitMany(placements(run.size, (k) => holdIdOf(run, k, 0)));
  const batches = Math.max(3, Math.round(TICKS / run.size));
  let elapsed = 0;
  for (let interval = 0; interval < batches; interval++) {
    if (run.lapsed) await clock.advance(HOLD_MS);
    for (const batch of tickBatches(run, interval)) {
      const began = performance.now();
      const results = await wallet.commitMany(batch);
      elapsed += performance.now() - began;
      // A lapsed hold's capture is refused: that is the case measured.
      const failed = results.find((result) => !result.ok && !(run.lapsed && result.error.code === 'HOLD_NOT_OPEN'));
      if (failed) throw new Error(`a write of a batch of ${run.size} ticks failed: ${JSON.stringify(failed)}`);
    }
  }
  return (elapsed * 1_000) / (batches * run.size);
}

/**
 * Microseconds a session's end took in batches of `size` ends: each ends with nothing left to
 * charge, so billing voids its last hold (released, as the hold is still open).
 */
async function measureEnds(wallet: Wallet, size: number): Promise<number> {
  const rounds = Math.max(3, Math.round(TICKS / size));
  let elapsed = 0;
  for (let round = 0; round < rounds; round++) {
    const holds = placements(size, (k) => `end:${size}:${k}:${round}`);
    await wallet.commitMany(holds);
    const began = performance.now();
    const results = await wallet.commitMany(holds.map(({ id, accountId }) => ({ op: 'voidHold', id, accountId })));
    elapsed += performance.now() - began;
    const failed = results.find((result) => !result.ok);
    if (failed) throw new Error(`a void of a batch of ${size} failed: ${JSON.stringify(failed)}`);
  }
  return (elapsed * 1_000) / (rounds * size);
}

await withBenchPostgres('wallet-batch-size', async ({ url, fsync }) => {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => {}); // an idle connection dropped as the throwaway cluster stops is not a failure
  const schema = `jc_bench_batch_size_${process.pid}`;
  try {
    const db = fromPg(pool);
    await migrateWalletStore(db, { schema });
    const wallet = createWallet({ store: createPostgresWalletStore({ db, schema }), clock });
    await openBook(wallet);
    const usPerTick: Record<string, number> = {};
    const usPerLapsedTick: Record<string, number> = {};
    const usPerEnd: Record<string, number> = {};
    for (const size of SIZES) {
      usPerTick[size] = round(await measure(wallet, { size, lapsed: false }));
      usPerLapsedTick[size] = round(await measure(wallet, { size, lapsed: true }));
      usPerEnd[size] = round(await measureEnds(wallet, size));
      console.log(
        `batches of ${size} ticks: ${usPerTick[size]} µs a tick, ${usPerLapsedTick[size]} µs a lapsed tick, ` +
          `${usPerEnd[size]} µs an end (load ${loadavg().map(round).join(' ')})`,
      );
    }
    const best = SIZES.reduce((a, b) => ((usPerTick[b] as number) < (usPerTick[a] as number) ? b : a));
    console.log(
      JSON.stringify({
        bench: 'wallet-batch-size',
        pgFsync: fsync,
        usPerTick,
        usPerLapsedTick,
        usPerEnd,
        bestTicksPerBatch: best,
        loadAvg: loadavg().map(round),
      }),
    );
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  }
});
