/**
 * `pnpm bench billing`: how many concurrent consultations one process bills at a 15 s interval.
 *
 * 1. Engine on memory stores with the real clock: BENCH_SESSIONS (100,000) sessions started evenly
 *    over one interval (or as fast as they go), then every tick due in the next full interval
 *    measured: ticks/s processed, CPU per tick, lateness (tick charged − interval end) p50/p99,
 *    where a tick not charged an interval after the window counts as late by at least that
 *    (`ticksNotCharged`), and heap growth per session (engine, session store and the wallet hold
 *    of the open interval; measured after a forced GC, typed-array backing stores included).
 *    It runs in a process of its own (`billing/memory-process.ts`), twice: with V8's helper-thread
 *    pool one smaller than the machine's cores (`--v8-pool-size`, the scaling guide's advice; its
 *    figures are the main ones) and with Node's default pool (`defaultPool…` figures).
 *    Beside it, the wallet's own CPU for the calls a tick makes (`walletUsPerTick`).
 * 2. The original product's naive design on the same memory wallet: one `setInterval` per
 *    session charging `ceil(rate × 15 / 60)` directly. Tried at the engine's count, then doubled
 *    while its p99 lateness stays under 100 ms (up to BENCH_NAIVE_MAX), or halved until it does:
 *    the largest count it sustains is the baseline.
 * 3. Durable stores (`billing/durable.ts`): engines in processes of their own on the PostgreSQL
 *    server (`DATABASE_URL`, else a throwaway cluster with fsync on) — one process, two sharing the
 *    database (audited afterwards), all sessions paying one consultant — and on PGlite on disk;
 *    sessions grow in steps until p99 lateness reaches 1 s.
 *
 * Human-readable lines first, each figure with the machine's load average (1, 5, 15 min) beside
 * it; the last line of stdout is one JSON object. Knobs (env): BENCH_SESSIONS (100000),
 * BENCH_NAIVE_MAX (4 × BENCH_SESSIONS), BENCH_SKIP_PG (unset), BENCH_SKIP_MEMORY (parts 1 and 2 left out:
 * a durable-only run, whose JSON then holds the durable figures alone), and those of `billing/durable.ts`.
 * A million sessions (two wallets of a million accounts, one after the other) need a larger heap:
 * `NODE_OPTIONS=--max-old-space-size=8192 BENCH_SESSIONS=1000000 BENCH_SKIP_PG=1 pnpm bench billing`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { benchDurable, type DurableFigures } from './billing/durable.js';
import {
  COMMISSION_BPS,
  consultantOf,
  fundedMemoryWallet,
  INTERVAL_MS,
  Lateness,
  type Layout,
  loadAverage,
  RATE,
  round,
  sleep,
  userOf,
} from './lib/billing-load.js';
import { envNumber, forcedGc } from './lib/common.js';
import { Child } from './lib/ipc.js';

const SESSIONS = envNumber('BENCH_SESSIONS', 100_000);
const NAIVE_MAX = envNumber('BENCH_NAIVE_MAX', 4 * SESSIONS);
const ENGINE_P99_TARGET_MS = 100;

/**
 * V8's helper threads for the engine's process: one core left to the event loop. With Node's four
 * on two cores, concurrent marking kept the event loop off the CPU for 0.46–0.50 s of each 15 s
 * window (its run-queue wait in /proc), against 4–7 ms with one (see the scaling guide).
 */
const V8_POOL_SIZE = Math.max(1, availableParallelism() - 1);

const gc = forcedGc();

/** The figures `billing/memory-process.ts` answers with. */
interface EngineFigures {
  sessions: number;
  p99LatenessMs: number;
  cpuUsPerTick: number;
  [figure: string]: unknown;
}

/** Part 1 in a process of its own, started with `nodeFlags`. */
async function engineOnMemory(count: number, nodeFlags: string[], label: string): Promise<EngineFigures> {
  const child = new Child('billing/memory-process', { cpu: null, maxFiles: 1_024, nodeFlags });
  try {
    await child.ready;
    return await child.ask<EngineFigures>('run', { count, label }, 30 * 60_000);
  } finally {
    await child.kill();
  }
}

/**
 * The wallet's own cost of one tick, for comparison with the engine's CPU per tick: the calls a
 * tick makes (read the payer, capture the closing interval's hold as a split charge, hold the
 * next interval), run back to back on a memory wallet of `count` sessions' accounts.
 */
async function benchWalletTick(count: number) {
  const layout: Layout = { prefix: 'wt:', hot: false };
  const wallet = await fundedMemoryWallet(layout, count);
  const perTick = Math.ceil((RATE * INTERVAL_MS) / 60_000);
  const commission = Math.floor((perTick * COMMISSION_BPS) / 10_000);
  const expiresAt = Date.now() + 3_600_000;
  const hold = (i: number, k: number) =>
    wallet.placeHold({
      id: `wt:${i}:${k}`,
      accountId: userOf(layout, i),
      amount: perTick,
      expiresAt,
      metadata: { sessionId: `wt:${i}`, interval: k },
    });
  for (let i = 0; i < count; i++) await hold(i, 1);
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const id = `wt:${i}:1`;
    await wallet.getAccount(userOf(layout, i));
    await wallet.captureHold({
      id,
      holdId: id,
      amount: perTick,
      commission,
      to: consultantOf(layout, i),
      platform: SYSTEM_ACCOUNTS.revenue,
      metadata: { sessionId: `wt:${i}`, interval: 1 },
    });
    await hold(i, 2);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const walletUsPerTick = round((cpu.user + cpu.system) / count);
  console.log(
    `wallet/memory: ${walletUsPerTick} µs CPU per tick's wallet calls (${count} ticks; load ${loadAverage()})`,
  );
  return walletUsPerTick;
}

/** The original design: one `setInterval` per session, each charging a rounded-up 15 s directly. */
async function benchNaive(count: number) {
  const layout: Layout = { prefix: 'naive:', hot: false };
  const wallet = await fundedMemoryWallet(layout, count);
  const perTick = Math.ceil((RATE * INTERVAL_MS) / 60_000);
  const timers: ReturnType<typeof setInterval>[] = [];
  const started = Date.now();
  const window = new Lateness(started + INTERVAL_MS + 1_000, started + 2 * INTERVAL_MS + 1_000);
  for (let i = 0; i < count; i++) {
    // Started evenly over one interval, like the engine's sessions.
    if (started + (i * INTERVAL_MS) / count > Date.now()) await sleep(5);
    const t0 = Date.now();
    let k = 0;
    const from = userOf(layout, i);
    const to = consultantOf(layout, i);
    timers.push(
      setInterval(async () => {
        const due = t0 + ++k * INTERVAL_MS;
        await wallet.splitCharge({ id: `naive:${i}:${k}`, from, to, amount: perTick, commissionBps: COMMISSION_BPS });
        window.record(due, Date.now());
      }, INTERVAL_MS),
    );
  }
  await sleep(window.to + 2_000 - Date.now());
  for (const timer of timers) clearInterval(timer);
  const charged = window.count;
  window.addMissing(count, Date.now()); // as for the engine: a charge not made yet is late
  const p99 = round(window.percentile(99));
  console.log(
    `naive/memory: ${count} sessions, lateness p99 ${p99} ms (${charged} of ${count} due ticks charged; load ${loadAverage()})`,
  );
  return { sessions: count, p99 };
}

/**
 * The most sessions the naive design keeps under the engine's p99 target: from the engine's
 * count, doubled while it holds (up to NAIVE_MAX), else halved until it holds (down to 1/16).
 */
async function searchNaive() {
  const trial = async (count: number) => {
    const { p99 } = await benchNaive(count);
    gc();
    return p99;
  };
  const holds = (p99: number) => p99 < ENGINE_P99_TARGET_MS;
  let count = SESSIONS;
  let p99 = await trial(count);
  let best = { naiveSessions: 0, naiveP99LatenessMs: p99 };
  if (holds(p99)) {
    while (holds(p99)) {
      best = { naiveSessions: count, naiveP99LatenessMs: p99 };
      count *= 2;
      if (count > NAIVE_MAX) break;
      p99 = await trial(count);
    }
    return best;
  }
  for (count = Math.floor(count / 2); count >= SESSIONS / 16; count = Math.floor(count / 2)) {
    p99 = await trial(count);
    best = { naiveSessions: holds(p99) ? count : 0, naiveP99LatenessMs: p99 };
    if (holds(p99)) break;
  }
  return best;
}

/** Parts 1 and 2: the engine and the naive design on memory stores. */
async function benchMemory() {
  const engine = await engineOnMemory(
    SESSIONS,
    [`--v8-pool-size=${V8_POOL_SIZE}`],
    `engine/memory, V8 pool ${V8_POOL_SIZE}`,
  );
  const defaultPool = await engineOnMemory(SESSIONS, [], 'engine/memory, default V8 pool');
  const walletUsPerTick = await benchWalletTick(Math.min(SESSIONS, 50_000));
  gc();
  const { naiveSessions, naiveP99LatenessMs } = await searchNaive();
  return {
    ...engine,
    v8PoolSize: V8_POOL_SIZE,
    defaultPoolP99LatenessMs: defaultPool.p99LatenessMs,
    defaultPoolCpuUsPerTick: defaultPool.cpuUsPerTick,
    walletUsPerTick,
    naiveSessions,
    naiveP99LatenessMs,
  };
}

async function main() {
  const began = Date.now();
  const loadAtStart = loadavg().map(round);
  const memory = process.env.BENCH_SKIP_MEMORY ? {} : await benchMemory();
  const durable: Partial<DurableFigures> = process.env.BENCH_SKIP_PG ? {} : await benchDurable();
  console.log(`(${Math.round((Date.now() - began) / 1000)} s in all)`);
  console.log(
    JSON.stringify({
      bench: 'billing',
      ...memory,
      ...durable,
      loadAverage: { start: loadAtStart, end: loadavg().map(round) },
    }),
  );
}

await main();
