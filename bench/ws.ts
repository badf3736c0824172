/**
 * `pnpm bench ws`: our WebSocket server against socket.io, on 127.0.0.1.
 *
 * Each run starts a fresh server process (ours: `createConsultationServer` on `ws`; or socket.io with the
 * WebSocket transport and no compression, doing the same validation, `chat.send` into the same memory chat,
 * fan-out to both participants and ack) pinned to CPU 0. The socket.io side validates with the zod
 * `clientFrameSchema`, as an app on socket.io would; ours checks its hot frames by hand with the same
 * outcome (`server/hot-frames.ts`) and takes the rest to that schema, and a load generator pinned to CPU 1
 * (`taskset`; unpinned when it is missing). Connections come in pairs, a user and a consultant sharing one
 * conversation, opened and joined once during setup. A run of N connections measures:
 *
 * 1. idle memory: server RSS and heap after GC, marginal per connection between the first tenth of the
 *    pairs and all of them (so one-off costs such as compiled code do not count);
 * 2. latency: an open loop at a fixed offered rate spread over all connections, on a store still small;
 *    send → delivery at the other participant, p50/p99;
 * 3. throughput: ~100-byte messages closed-loop with a window per pair, for BENCH_WS_SECONDS after a
 *    warm-up: messages relayed (delivered to the other participant) per second and per server CPU-second.
 *
 * Each round runs both servers back to back for each size, ours first in odd rounds and socket.io first
 * in even ones (so a load that builds up or fades during a round does not always favour the same side),
 * for BENCH_WS_ROUNDS rounds. Each figure is the best of the rounds (highest rate, lowest latency and
 * memory). Which ratio is which, in the JSON line:
 * - `vsSocketIo`: ours ÷ socket.io in messages per server CPU-second, each side's best round (the two
 *   may come from different rounds);
 * - `vsSocketIoPerRound`: that ratio within each round, whose two runs saw the most similar machine;
 * - `vsSocketIoMedian`: the median of the per-round ratios, the steadier figure on a shared machine;
 * - `vsSocketIoAtRateMedian`: the same median in messages per server CPU-second over the latency
 *   phase, where both servers get the same offered rate (BENCH_WS_RATE) rather than all they can take:
 *   few frames share a turn there, so it shows what the per-turn batching does not.
 * Each round also records the 1-minute load average and flags two ways a round measures the machine
 * more than the code. `loadgenBoundRounds`: the load generator used ≥ 90% of its CPU, so it set the
 * pace. `starvedRounds`: a server used under 80% of its CPU while the generator was not bound either;
 * with a window of messages in flight one of the two would be busy all the time on a machine of its
 * own, so other processes were taking their CPUs. A server held back that way finds more frames per
 * event-loop turn, which makes ours (it writes a turn's frames in one syscall per connection) cheaper
 * per message, and socket.io dearer in our runs: such rounds can overstate the ratio (1.75x to 5x at
 * load averages of 8 to 16 on two cores, about 2.2x at 5), and on a quiet machine neither flag should
 * be set. Human-readable lines first; the last line of stdout is one JSON object.
 *
 * Knobs (env): BENCH_WS_CONNECTIONS (1000,10000), BENCH_WS_ROUNDS (2), BENCH_WS_SECONDS (4),
 * BENCH_WS_WARMUP (2: seconds of load before the latency and the throughput measurements; the latency
 * phase has run the same path for SECONDS + WARMUP before throughput starts, so the JIT is warm),
 * BENCH_WS_RATE (2000), BENCH_WS_WINDOW (2 per pair), BENCH_WS_BUDGET_SECONDS (170: no new run starts
 * after it), BENCH_WS_PROFILE (1: CPU-profile the servers during throughput and print their top
 * self-time functions; skews the CPU figures).
 */
import { loadavg } from 'node:os';
import { envNumber } from './lib/common.js';
import { Child, hasTaskset } from './lib/ipc.js';
import type { CpuSample, MemorySample } from './ws/server-common.js';

type Impl = 'ours' | 'socketio';

const SIZES = (process.env.BENCH_WS_CONNECTIONS ?? '1000,10000')
  .split(',')
  .map((size) => Math.max(2, Math.round(Number(size) / 2) * 2))
  .filter(Number.isFinite);
const ROUNDS = envNumber('BENCH_WS_ROUNDS', 2);
const SECONDS = envNumber('BENCH_WS_SECONDS', 4);
const WARMUP = envNumber('BENCH_WS_WARMUP', 2);
const RATE = envNumber('BENCH_WS_RATE', 2_000);
const WINDOW = envNumber('BENCH_WS_WINDOW', 2);
const BUDGET_SECONDS = envNumber('BENCH_WS_BUDGET_SECONDS', 170);
const PROFILE = process.env.BENCH_WS_PROFILE === '1';
const MAX_FILES = 65_536;
/** A load generator using this share of its CPU or more was the bottleneck of its run. */
const LOADGEN_BOUND = 0.9;
/** A server, with messages always queued for it, using less than this share of its CPU was starved by other processes. */
const SERVER_STARVED = 0.8;

interface LoadSnapshot {
  t: number;
  acked: number;
  delivered: number;
  failures: number;
  firstFailure: string | null;
  cpuMicros: number;
}

interface ConnectResult {
  connections: number;
  failedPairs: number;
  firstError: string | null;
  ms: number;
}

interface LatencyResult {
  offeredPerSec: number;
  /** Every message sent in the phase, warm-up included. */
  sentInPhase: number;
  sent: number;
  delivered: number;
  achievedPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface RunResult {
  impl: Impl;
  size: number;
  connections: number;
  connectMs: number;
  bytesPerConnection: number;
  heapBytesPerConnection: number;
  msgsPerSec: number;
  ackedPerSec: number;
  msgsPerCpuSec: number;
  serverCpuShare: number;
  loadgenCpuShare: number;
  latency: LatencyResult;
  latencyServerCpuShare: number;
  /** Messages sent per server CPU-second over the whole latency phase, at the same offered rate for both servers. */
  msgsPerCpuSecAtRate: number;
  failures: number;
  firstFailure: string | null;
  /** The 1-minute load average at the end of the throughput phase. */
  loadAvg: number;
}

const children = new Set<Child>();
process.on('exit', () => {
  for (const child of children) child.killNow();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of children) child.killNow();
    process.exit(130);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMicros = (sample: CpuSample) => sample.user + sample.system;

function spawnChild(
  script: string,
  cpu: number | null,
  options: { nodeFlags?: string[]; env?: NodeJS.ProcessEnv } = {},
) {
  const child = new Child(script, { cpu, maxFiles: MAX_FILES, ...options });
  children.add(child);
  child.process.once('exit', () => children.delete(child));
  return child;
}

async function run(impl: Impl, size: number, pinned: boolean): Promise<RunResult> {
  const server = spawnChild(impl === 'ours' ? 'ws/our-server' : 'ws/socketio-server', pinned ? 0 : null, {
    nodeFlags: ['--expose-gc'],
  });
  let loadgen: Child | null = null;
  try {
    const { port } = (await server.ready) as { port: number };
    const url = impl === 'ours' ? `ws://127.0.0.1:${port}/ws` : `http://127.0.0.1:${port}`;
    loadgen = spawnChild('ws/loadgen', pinned ? 1 : null, { env: { BENCH_WS_IMPL: impl, BENCH_WS_URL: url } });
    await loadgen.ready;

    // 1. Idle memory, marginal between a tenth of the pairs and all of them.
    const pairs = size / 2;
    const firstPairs = Math.max(1, Math.round(pairs / 10));
    const first = await loadgen.ask<ConnectResult>('connect', { from: 0, to: firstPairs }, 60_000);
    const before = await server.ask<MemorySample>('mem');
    const all = await loadgen.ask<ConnectResult>('connect', { from: firstPairs, to: pairs }, 120_000);
    const after = await server.ask<MemorySample>('mem');
    const added = all.connections - first.connections;
    if (all.failedPairs > 0) console.log(`  ${impl}: ${all.failedPairs} pairs failed to connect: ${all.firstError}`);

    // 2. Latency at a fixed offered rate, on a small store (before the throughput phase fills it).
    const latencyCpuStart = await server.ask<CpuSample>('cpu');
    const latencyStart = performance.now();
    const latency = await loadgen.ask<LatencyResult>(
      'latency',
      { rate: RATE, seconds: SECONDS, warmup: WARMUP },
      (SECONDS + WARMUP) * 1000 + 20_000,
    );
    const latencyCpuEnd = await server.ask<CpuSample>('cpu');
    const latencyCpuSeconds = (cpuMicros(latencyCpuEnd) - cpuMicros(latencyCpuStart)) / 1e6;
    const latencySeconds = (performance.now() - latencyStart) / 1000;

    // 3. Throughput, closed loop.
    await loadgen.ask('load-start', { perPeerWindow: Math.max(1, Math.round(WINDOW / 2)) });
    await sleep(WARMUP * 1000);
    if (PROFILE) await server.ask('profile-start');
    const [start, cpuStart] = await Promise.all([loadgen.ask<LoadSnapshot>('snapshot'), server.ask<CpuSample>('cpu')]);
    await sleep(SECONDS * 1000);
    const [end, cpuEnd] = await Promise.all([loadgen.ask<LoadSnapshot>('snapshot'), server.ask<CpuSample>('cpu')]);
    const loadAtThroughputEnd = loadavg()[0] ?? 0;
    if (PROFILE) {
      const top = await server.ask<string[]>('profile-stop', { top: 12 });
      console.log(
        `  ${impl} server, top self-time functions during throughput, % of busy time (${all.connections} connections):`,
      );
      for (const line of top) console.log(`    ${line}`);
    }
    const stopped = await loadgen.ask<LoadSnapshot & { stuck: number }>('load-stop', {}, 15_000);
    const seconds = (end.t - start.t) / 1000;
    const serverCpuSeconds = (cpuMicros(cpuEnd) - cpuMicros(cpuStart)) / 1e6;
    const delivered = end.delivered - start.delivered;

    const serverErrors = await server.ask<number>('errors');

    return {
      impl,
      size,
      connections: all.connections,
      connectMs: first.ms + all.ms,
      bytesPerConnection: added > 0 ? (after.rss - before.rss) / added : Number.NaN,
      heapBytesPerConnection: added > 0 ? (after.heapUsed - before.heapUsed) / added : Number.NaN,
      msgsPerSec: delivered / seconds,
      ackedPerSec: (end.acked - start.acked) / seconds,
      msgsPerCpuSec: delivered / serverCpuSeconds,
      serverCpuShare: serverCpuSeconds / seconds,
      loadgenCpuShare: (end.cpuMicros - start.cpuMicros) / 1e6 / seconds,
      latency,
      latencyServerCpuShare: latencyCpuSeconds / latencySeconds,
      msgsPerCpuSecAtRate: latency.sentInPhase / latencyCpuSeconds,
      failures: stopped.failures + serverErrors,
      firstFailure: stopped.firstFailure,
      loadAvg: loadAtThroughputEnd,
    };
  } finally {
    await Promise.all([loadgen?.kill(), server.kill()]);
  }
}

const fmt = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';
const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;

function describe(result: RunResult): string {
  const { latency } = result;
  return (
    `${result.impl.padEnd(8)} ${fmt(result.connections).padStart(6)} conns (${fmt(result.connectMs)} ms): ` +
    `idle ${kb(result.bytesPerConnection)} RSS / ${kb(result.heapBytesPerConnection)} heap per conn; ` +
    `${fmt(result.msgsPerSec)} msgs/s relayed, ${fmt(result.msgsPerCpuSec)} per server CPU-s ` +
    `(server CPU ${fmt(result.serverCpuShare * 100)}%, loadgen ${fmt(result.loadgenCpuShare * 100)}%); ` +
    `at ${fmt(latency.offeredPerSec)}/s: p50 ${fmt(latency.p50Ms, 2)} ms, p99 ${fmt(latency.p99Ms, 2)} ms, ` +
    `max ${fmt(latency.maxMs, 1)} ms, ${fmt(latency.delivered)}/${fmt(latency.sent)} delivered, ` +
    `server CPU ${fmt(result.latencyServerCpuShare * 100)}%, ${fmt(result.msgsPerCpuSecAtRate)} msgs per CPU-s; load ${fmt(result.loadAvg, 2)}` +
    (result.failures > 0 ? `; ${result.failures} failures (${result.firstFailure})` : '')
  );
}

interface Best {
  connections: number;
  msgsPerSec: number;
  msgsPerCpuSec: number;
  p50Ms: number;
  p99Ms: number;
  bytesPerConnection: number;
  heapBytesPerConnection: number;
}

/** Best of the rounds, per figure. */
function best(results: RunResult[]): Best | null {
  if (results.length === 0) return null;
  const max = (pick: (r: RunResult) => number) => Math.max(...results.map(pick).filter(Number.isFinite));
  const min = (pick: (r: RunResult) => number) => Math.min(...results.map(pick).filter(Number.isFinite));
  return {
    connections: max((r) => r.connections),
    msgsPerSec: max((r) => r.msgsPerSec),
    msgsPerCpuSec: max((r) => r.msgsPerCpuSec),
    p50Ms: min((r) => r.latency.p50Ms),
    p99Ms: min((r) => r.latency.p99Ms),
    bytesPerConnection: min((r) => r.bytesPerConnection),
    heapBytesPerConnection: min((r) => r.heapBytesPerConnection),
  };
}

/** The median of `values` (the mean of the middle two for an even count); NaN for none. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const round2 = (value: number) => (Number.isFinite(value) ? Math.round(value * 100) / 100 : null);
const whole = (value: number) => (Number.isFinite(value) ? Math.round(value) : null);

// ---- main ---------------------------------------------------------------------------------------

const pinned = hasTaskset();
const benchStart = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
console.log(
  pinned
    ? 'pinning: servers on CPU 0, load generator on CPU 1 (taskset)'
    : 'pinning: taskset not found, processes run unpinned',
);
console.log(
  `load average at start: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')} (${SECONDS} s phases after ${WARMUP} s warm-up, window ${WINDOW} per pair, ${RATE} msgs/s offered)`,
);

const results: RunResult[] = [];
/** Ours vs socket.io in messages per server CPU-second, per round, for each size both ran at. */
const perRound: {
  round: number;
  size: number;
  vsSocketIo: number;
  vsSocketIoAtRate: number;
  loadAvg: number;
  loadgenBound: boolean;
  starved: boolean;
}[] = [];
outer: for (let round = 1; round <= ROUNDS; round++) {
  for (const size of SIZES) {
    const pair: Partial<Record<Impl, RunResult>> = {};
    const order = round % 2 === 1 ? (['ours', 'socketio'] as const) : (['socketio', 'ours'] as const);
    for (const impl of order) {
      if ((performance.now() - benchStart) / 1000 > BUDGET_SECONDS) {
        console.log(`time budget of ${BUDGET_SECONDS} s spent: skipping the remaining runs`);
        break outer;
      }
      try {
        const result = await run(impl, size, pinned);
        results.push(result);
        pair[impl] = result;
        console.log(`round ${round}: ${describe(result)}`);
      } catch (error) {
        console.log(`round ${round}: ${impl} with ${size} connections failed: ${(error as Error).message}`);
      }
    }
    if (pair.ours && pair.socketio) {
      const vsSocketIo = Math.round((pair.ours.msgsPerCpuSec / pair.socketio.msgsPerCpuSec) * 100) / 100;
      const vsSocketIoAtRate = pair.ours.msgsPerCpuSecAtRate / pair.socketio.msgsPerCpuSecAtRate;
      const loadgenBound = Math.max(pair.ours.loadgenCpuShare, pair.socketio.loadgenCpuShare) >= LOADGEN_BOUND;
      const loadAvg = (pair.ours.loadAvg + pair.socketio.loadAvg) / 2;
      const starved =
        !loadgenBound && Math.min(pair.ours.serverCpuShare, pair.socketio.serverCpuShare) < SERVER_STARVED;
      perRound.push({ round, size, vsSocketIo, vsSocketIoAtRate, loadAvg, loadgenBound, starved });
      console.log(
        `round ${round}: ${fmt(size)} connections, ours vs socket.io ${fmt(vsSocketIo, 2)}x per CPU-s ` +
          `(${fmt(vsSocketIoAtRate, 2)}x at ${fmt(RATE)} msgs/s) at load ${fmt(loadAvg, 2)}` +
          (loadgenBound ? ' (the load generator was the bottleneck)' : '') +
          (starved ? ' (other processes held back a server or the load generator: the ratio may be overstated)' : ''),
      );
    }
  }
}

const bySize = new Map<number, { ours: Best | null; socketio: Best | null }>();
for (const size of SIZES) {
  bySize.set(size, {
    ours: best(results.filter((r) => r.impl === 'ours' && r.size === size)),
    socketio: best(results.filter((r) => r.impl === 'socketio' && r.size === size)),
  });
}
// The headline size: the largest at which our server held every connection.
const headlineSize =
  [...SIZES].reverse().find((size) => (bySize.get(size)?.ours?.connections ?? 0) >= size) ?? SIZES[0] ?? 0;
const headline = bySize.get(headlineSize) ?? { ours: null, socketio: null };
const ours = headline.ours;
const theirs = headline.socketio;

for (const [size, { ours: o, socketio: s }] of bySize) {
  if (!o || !s) continue;
  console.log(
    `${fmt(size)} connections, best of ${ROUNDS}: ours ${fmt(o.msgsPerCpuSec)} msgs per CPU-s vs socket.io ${fmt(s.msgsPerCpuSec)} ` +
      `(${fmt(o.msgsPerCpuSec / s.msgsPerCpuSec, 2)}x); idle ${kb(o.bytesPerConnection)} vs ${kb(s.bytesPerConnection)} RSS per conn; ` +
      `p99 ${fmt(o.p99Ms, 2)} vs ${fmt(s.p99Ms, 2)} ms`,
  );
}
const headlineRounds = perRound.filter((each) => each.size === headlineSize);
const medianRatio = median(headlineRounds.map((each) => each.vsSocketIo));
if (headlineRounds.length > 0) {
  console.log(
    `${fmt(headlineSize)} connections, ours vs socket.io per CPU-s: median of ${headlineRounds.length} rounds ${fmt(medianRatio, 2)}x ` +
      `(rounds: ${headlineRounds.map((each) => `${fmt(each.vsSocketIo, 2)}x at load ${fmt(each.loadAvg, 1)}`).join(', ')})`,
  );
}
const loadAtEnd = loadavg()[0] ?? 0;
console.log(
  `load average at end: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}; total ${fmt((performance.now() - benchStart) / 1000, 1)} s`,
);

const compact = (b: Best | null) =>
  b && {
    connections: b.connections,
    msgsPerSec: whole(b.msgsPerSec),
    msgsPerCpuSec: whole(b.msgsPerCpuSec),
    p50Ms: round2(b.p50Ms),
    p99Ms: round2(b.p99Ms),
    bytesPerConnection: whole(b.bytesPerConnection),
    heapBytesPerConnection: whole(b.heapBytesPerConnection),
  };
console.log(
  JSON.stringify({
    bench: 'ws',
    connections: ours?.connections ?? 0,
    msgsPerSec: whole(ours?.msgsPerSec ?? Number.NaN),
    msgsPerCpuSec: whole(ours?.msgsPerCpuSec ?? Number.NaN),
    p50Ms: round2(ours?.p50Ms ?? Number.NaN),
    p99Ms: round2(ours?.p99Ms ?? Number.NaN),
    bytesPerConnection: whole(ours?.bytesPerConnection ?? Number.NaN),
    socketIoMsgsPerCpuSec: whole(theirs?.msgsPerCpuSec ?? Number.NaN),
    vsSocketIo: round2((ours?.msgsPerCpuSec ?? Number.NaN) / (theirs?.msgsPerCpuSec ?? Number.NaN)),
    heapBytesPerConnection: whole(ours?.heapBytesPerConnection ?? Number.NaN),
    socketIoConnections: theirs?.connections ?? 0,
    socketIoMsgsPerSec: whole(theirs?.msgsPerSec ?? Number.NaN),
    socketIoP50Ms: round2(theirs?.p50Ms ?? Number.NaN),
    socketIoP99Ms: round2(theirs?.p99Ms ?? Number.NaN),
    socketIoBytesPerConnection: whole(theirs?.bytesPerConnection ?? Number.NaN),
    socketIoHeapBytesPerConnection: whole(theirs?.heapBytesPerConnection ?? Number.NaN),
    offeredPerSec: RATE,
    aggregate: `best of ${ROUNDS}`,
    vsSocketIoPerRound: headlineRounds.map((each) => each.vsSocketIo),
    vsSocketIoMedian: round2(medianRatio),
    vsSocketIoAtRateMedian: round2(median(headlineRounds.map((each) => each.vsSocketIoAtRate))),
    loadAvgPerRound: headlineRounds.map((each) => round2(each.loadAvg)),
    loadgenBoundRounds: headlineRounds.filter((each) => each.loadgenBound).map((each) => each.round),
    starvedRounds: headlineRounds.filter((each) => each.starved).map((each) => each.round),
    pinned,
    loadAvg: round2((loadAtStart + loadAtEnd) / 2),
    bySize: Object.fromEntries(
      [...bySize].map(([size, b]) => [size, { ours: compact(b.ours), socketIo: compact(b.socketio) }]),
    ),
  }),
);
