/**
 * The billing bench's engine on memory stores, in a process of its own so it
 * runs under the Node flags the bench chooses (`bench/billing.ts` starts it
 * once with V8's helper-thread pool fitted to the machine, once with Node's
 * default). Answers `run { count }` with the figures of one measured interval.
 */
import { loadavg } from 'node:os';
import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import {
  engineFor,
  fundedMemoryWallet,
  INTERVAL_MS,
  Lateness,
  type Layout,
  loadAverage,
  round,
  sleep,
  startSessions,
} from '../lib/billing-load.js';
import { forcedGc, usedMemoryBytes } from '../lib/common.js';
import { announce, serveIpc } from '../lib/ipc.js';

const gc = forcedGc();

/** Starts `count` sessions over one interval, then measures every tick due in the next. */
async function benchEngineOnMemory(count: number, label: string) {
  const layout: Layout = { prefix: '', hot: false };
  const wallet = await fundedMemoryWallet(layout, count);
  const store = createMemoryBillingStore();
  gc();
  const heapBefore = usedMemoryBytes();
  const engine = engineFor(wallet, store, layout, { concurrency: 256 });
  let window = new Lateness(0, 0);
  let charged = 0;
  engine.on('session.tick', (tick) => {
    charged++;
    window.record(tick.endedAt, Date.now());
  });
  let errors = 0;
  engine.on('error', (error) => {
    if (errors++ === 0) console.log(`${label}: first error:`, error);
  });
  const started = Date.now();
  await startSessions(engine, layout, 0, count, INTERVAL_MS);
  const startSeconds = (Date.now() - started) / 1000;
  gc();
  const heapBytesPerSession = Math.round((usedMemoryBytes() - heapBefore) / count);
  console.log(
    `${label}: ${count} sessions started in ${startSeconds.toFixed(1)} s, ${heapBytesPerSession} heap bytes each (load ${loadAverage()})`,
  );
  // One full interval after the forced GC: every session ticks once in it.
  window = new Lateness(Date.now() + 500, Date.now() + 500 + INTERVAL_MS);
  await sleep(window.from - Date.now());
  const cpuBefore = process.cpuUsage();
  const chargedBefore = charged;
  await sleep(window.to - Date.now());
  const cpu = process.cpuUsage(cpuBefore);
  const chargedInWindow = charged - chargedBefore;
  // Every session ticks once in the window; wait (up to an interval) for the ticks still running.
  const waitUntil = window.to + INTERVAL_MS;
  do await sleep(1_000);
  while (window.count < count && Date.now() < waitUntil);
  const ticksNotCharged = window.addMissing(count, Date.now());
  const result = {
    sessions: count,
    ticksPerSec: Math.round(chargedInWindow / (INTERVAL_MS / 1000)),
    p50LatenessMs: round(window.percentile(50)),
    p99LatenessMs: round(window.percentile(99)),
    heapBytesPerSession,
    // Process CPU (GC included) over the window per tick charged in it.
    cpuUsPerTick: round((cpu.user + cpu.system) / chargedInWindow),
    ticksNotCharged,
    startSeconds: round(startSeconds),
    errors,
    loadAvg: loadavg().map(round),
  };
  console.log(
    `${label}: ${result.ticksPerSec} ticks/s, lateness p50 ${result.p50LatenessMs} ms, p99 ${result.p99LatenessMs} ms (${window.count - ticksNotCharged} of ${count} due ticks charged, ${result.cpuUsPerTick} µs CPU each; load ${loadAverage()})`,
  );
  await engine.close();
  return result;
}

serveIpc({ run: ({ count, label }) => benchEngineOnMemory(count as number, label as string) });
announce({});
