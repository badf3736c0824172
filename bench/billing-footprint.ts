/**
 * `pnpm bench billing-footprint`: what one running consultation costs the engine on memory stores,
 * measured on a manual clock, so the figures do not depend on how loaded the machine is (the CPU
 * figure does, somewhat).
 *
 * BENCH_SESSIONS (20,000) sessions are requested and accepted, then BENCH_TICKS (3) intervals are
 * advanced, every session ticking once in each. Reported: heap bytes per started session (engine,
 * session store and the wallet's hold of the open interval, after a forced GC), heap bytes
 * retained per tick (the ledger, the resolved hold: what a long run accumulates), and process CPU
 * per tick. The last line of stdout is one JSON object.
 */
import { loadavg } from 'node:os';
import { createTestBilling } from '@jyotishconnect/billing-engine/testing';
import { COMMISSION_BPS, INTERVAL_MS, PER_CONSULTANT, RATE, round } from './lib/billing-load.js';
import { envNumber, forcedGc, usedMemoryBytes } from './lib/common.js';

const SESSIONS = envNumber('BENCH_SESSIONS', 20_000);
const TICKS = envNumber('BENCH_TICKS', 3);

const gc = forcedGc();

function heapAfterGc(): number {
  gc();
  return usedMemoryBytes();
}

const billing = await createTestBilling({
  config: {
    commissionBps: COMMISSION_BPS,
    intervalSeconds: INTERVAL_MS / 1000,
    maxSessionsPerConsultant: PER_CONSULTANT,
  },
});
const consultantOf = (i: number) => `consultant:${Math.floor(i / PER_CONSULTANT)}`;
for (let c = 0; c * PER_CONSULTANT < SESSIONS; c++)
  await billing.addConsultant(consultantOf(c * PER_CONSULTANT), { chat: RATE });
for (let i = 0; i < SESSIONS; i++) await billing.addUser(`user:${i}`, 10_000_000);
let ticks = 0;
billing.engine.on('session.tick', () => ticks++);

const beforeStart = heapAfterGc();
for (let i = 0; i < SESSIONS; i++) {
  const session = await billing.engine.request({ userId: `user:${i}`, consultantId: consultantOf(i), service: 'chat' });
  await billing.engine.accept(session.id, consultantOf(i));
}
const heapBytesPerSession = Math.round((heapAfterGc() - beforeStart) / SESSIONS);
// One interval first, so every session has a closing interval and the code paths are warm.
await billing.advance(INTERVAL_MS);

const beforeTicks = heapAfterGc();
const ticksBefore = ticks;
const cpuBefore = process.cpuUsage();
for (let k = 0; k < TICKS; k++) await billing.advance(INTERVAL_MS);
const cpu = process.cpuUsage(cpuBefore);
const measured = ticks - ticksBefore;
const result = {
  bench: 'billing-footprint',
  sessions: SESSIONS,
  ticks: measured,
  heapBytesPerSession,
  retainedBytesPerTick: Math.round((heapAfterGc() - beforeTicks) / measured),
  cpuUsPerTick: round((cpu.user + cpu.system) / measured),
  loadAvg: loadavg().map(round),
};
console.log(
  `memory engine: ${result.heapBytesPerSession} heap bytes per session, ${result.retainedBytesPerTick} retained per tick, ${result.cpuUsPerTick} µs CPU per tick (${measured} ticks)`,
);
await billing.engine.close();
console.log(JSON.stringify(result));
