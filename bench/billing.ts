/**
 * `pnpm bench billing`: how many concurrent consultations one process bills at a 15 s interval.
 *
 * 1. Engine on memory stores with the real clock: BENCH_SESSIONS (100,000) sessions started evenly
 *    over one interval, then every tick of the next full interval measured: ticks/s processed,
 *    lateness (tick charged − interval end) p50/p99, and heap growth per session (engine,
 *    session store and the wallet hold of the open interval; measured after a forced GC).
 * 2. The original product's naive design on the same memory wallet: one `setInterval` per
 *    session charging `ceil(rate × 15 / 60)` directly. Tried at the engine's count, then halved
 *    until its p99 lateness is under 100 ms: the largest count it sustains is the baseline.
 * 3. Durable stores (`billing/durable.ts`): engines in processes of their own on the PostgreSQL
 *    server (`DATABASE_URL`, else a throwaway cluster with fsync on) — one process, two sharing the
 *    database (audited afterwards), all sessions paying one consultant — and on PGlite on disk;
 *    sessions grow in steps until p99 lateness reaches 1 s.
 *
 * Human-readable lines first; the last line of stdout is one JSON object. Knobs (env):
 * BENCH_SESSIONS (100000), BENCH_SKIP_PG (unset), and those of `billing/durable.ts`.
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { benchDurable, type DurableFigures } from './billing/durable.js';
import {
  COMMISSION_BPS,
  consultantOf,
  engineFor,
  envNumber,
  INTERVAL_MS,
  Lateness,
  type Layout,
  openAccounts,
  RATE,
  round,
  sleep,
  startSessions,
  userOf,
} from './lib/billing-load.js';

const SESSIONS = envNumber('BENCH_SESSIONS', 100_000);
const ENGINE_P99_TARGET_MS = 100;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function fundedWallet(layout: Layout, count: number): Promise<Wallet> {
  const wallet = createWallet({ store: createMemoryWalletStore() });
  await wallet.openSystemAccounts();
  await openAccounts(wallet, layout, 0, count);
  return wallet;
}

async function benchEngineOnMemory(count: number) {
  const layout: Layout = { prefix: '', hot: false };
  const wallet = await fundedWallet(layout, count);
  const store = createMemoryBillingStore();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const engine = engineFor(wallet, store, layout, { concurrency: 256 });
  let window = new Lateness(0, 0);
  engine.on('session.tick', (tick) => window.record(tick.endedAt, Date.now()));
  const started = Date.now();
  await startSessions(engine, layout, 0, count, INTERVAL_MS);
  const startSeconds = (Date.now() - started) / 1000;
  gc();
  const heapBytesPerSession = Math.round((process.memoryUsage().heapUsed - heapBefore) / count);
  console.log(
    `engine/memory: ${count} sessions started in ${startSeconds.toFixed(1)} s, ${heapBytesPerSession} heap bytes each`,
  );
  // One full interval after the forced GC: every session ticks once in it.
  window = new Lateness(Date.now() + 500, Date.now() + 500 + INTERVAL_MS);
  await sleep(window.to + 1_000 - Date.now());
  const result = {
    sessions: count,
    ticksPerSec: Math.round(window.count / (INTERVAL_MS / 1000)),
    p50LatenessMs: round(window.percentile(50)),
    p99LatenessMs: round(window.percentile(99)),
    heapBytesPerSession,
  };
  console.log(
    `engine/memory: ${result.ticksPerSec} ticks/s, lateness p50 ${result.p50LatenessMs} ms, p99 ${result.p99LatenessMs} ms (${window.count} ticks)`,
  );
  await engine.close();
  return result;
}

/** The original design: one `setInterval` per session, each charging a rounded-up 15 s directly. */
async function benchNaive(count: number) {
  const layout: Layout = { prefix: 'naive:', hot: false };
  const wallet = await fundedWallet(layout, count);
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
  const p99 = round(window.percentile(99));
  console.log(`naive/memory: ${count} sessions, lateness p99 ${p99} ms (${window.count} ticks)`);
  return { sessions: count, p99 };
}

async function main() {
  const began = Date.now();
  const load = () => loadavg().map((value) => Math.round(value * 100) / 100);
  const loadAtStart = load();
  const engine = await benchEngineOnMemory(SESSIONS);
  gc();
  let naiveSessions = 0;
  let naiveP99LatenessMs = Number.NaN;
  for (let count = SESSIONS; count >= SESSIONS / 16; count = Math.floor(count / 2)) {
    const naive = await benchNaive(count);
    gc();
    naiveP99LatenessMs = naive.p99;
    if (naive.p99 < ENGINE_P99_TARGET_MS) {
      naiveSessions = count;
      break;
    }
  }
  const durable: Partial<DurableFigures> = process.env.BENCH_SKIP_PG ? {} : await benchDurable();
  console.log(`(${Math.round((Date.now() - began) / 1000)} s in all)`);
  console.log(
    JSON.stringify({
      bench: 'billing',
      ...engine,
      naiveSessions,
      naiveP99LatenessMs,
      ...durable,
      loadAverage: { start: loadAtStart, end: load() },
    }),
  );
}

await main();
