/**
 * The durable side of `pnpm bench billing`: how many concurrent consultations
 * engines hold on the PostgreSQL server (one process, two processes sharing
 * the database, and every session paying one consultant: the hot row) and on
 * an embedded PGlite on disk, the host's default store. Each engine runs in a
 * process of its own (`engine-process.ts`). Sessions are added in growing
 * steps, each measured over a full interval of ticks, until p99 lateness
 * reaches 1 s (or ticks go missing): the largest step held is the figure.
 * Steps grow by BENCH_PG_GROWTH while p99 stays under a quarter of that, then
 * by the finer BENCH_PG_FINE_GROWTH. p99 often stays flat up to a cliff (PGlite
 * held 13,500 at 83 ms and broke at the next step, 20,250), so once a step
 * breaks, BENCH_PG_REFINE_STEPS more halve the gap between it and the last
 * count held (ending sessions or adding them): the figure lands near the real
 * limit rather than up to a coarse step below it.
 *
 * Knobs (env): BENCH_PG_START (2000), BENCH_PG_GROWTH (1.5), BENCH_PG_FINE_GROWTH (1.15), BENCH_PG_REFINE_STEPS (2), BENCH_PG_MAX
 * (300000), BENCH_PG_BUDGET_SECONDS (600 per case), BENCH_FSYNC (`on`; `off`
 * for a throwaway cluster without flushes), BENCH_SKIP_PGLITE, BENCH_SKIP_PG_SERVER (PGlite only),
 * BENCH_GROUP_COMMIT (`on`; `off` to compare with every call on its own), BENCH_GROUP_DELAY_MS,
 * BENCH_GROUP_IN_FLIGHT and BENCH_GROUP_MAX_BATCH (group commit's bounds),
 * BENCH_PER_CONSULTANT (100), BENCH_CONCURRENCY (ticks at once per engine; these unset: the
 * engine's defaults), BENCH_INTERVAL_SECONDS (15) and
 * BENCH_CHECKPOINT_SECONDS (none; a checkpoint's lateness counts as a tick's, and CPU per tick is
 * per tick or checkpoint); the engine processes read them.
 * BENCH_ENGINE_NODE_FLAGS (space-separated) go to each engine process's `node`, for a profiler
 * (`--perf-basic-prof` names its JavaScript frames in `perf`; `--cpu-prof --cpu-prof-dir=DIR`
 * writes each engine's profile, setup included, when the bench stops it).
 * Each step prints, per process, how busy its thread was, its event loop's delay, and what its
 * storage calls cost in the window (calls, items per call, mean and largest duration); the CPU time
 * a tick took in the engine processes and, when the server runs on this machine, in the database
 * server; and, on the PostgreSQL server, the WAL written per tick and what its busy connections
 * ran and waited for, sampled every 100 ms (`lib/server-waits.ts`): which queue a step broke on.
 * BENCH_PG_STATEMENTS=N also prints the server's N dearest statements of each window, in µs a tick,
 * those inside the PL/pgSQL functions on their own (`lib/server-statements.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type CallFigures, describeCalls } from '../lib/batch-calls.js';
import {
  CHECKPOINT_MS,
  INTERVAL_MS,
  Lateness,
  loadAverage,
  PER_CONSULTANT,
  round,
  sleep,
} from '../lib/billing-load.js';
import { envNumber } from '../lib/common.js';
import { groupCommitLabel } from '../lib/group-commit-env.js';
import { Child } from '../lib/ipc.js';
import { withBenchPostgres } from '../lib/postgres-server.js';
import { serverCpuReader } from '../lib/server-cpu.js';
import { type ServerStatements, serverStatements } from '../lib/server-statements.js';
import { describeWaits, type ServerWaitsSampler, serverWaitsSampler } from '../lib/server-waits.js';

const START = envNumber('BENCH_PG_START', 2_000);
const GROWTH = envNumber('BENCH_PG_GROWTH', 1.5);
const FINE_GROWTH = envNumber('BENCH_PG_FINE_GROWTH', 1.15);
const REFINE_STEPS = envNumber('BENCH_PG_REFINE_STEPS', 2, { zero: true });
const MAX = envNumber('BENCH_PG_MAX', 300_000);
const BUDGET_MS = envNumber('BENCH_PG_BUDGET_SECONDS', 600) * 1_000;
const P99_TARGET_MS = 1_000;
const LONG = 30 * 60_000;

/** How busy an engine process's thread was in a window, and the 99th percentile of its event loop's delay. */
interface EngineLoop {
  readonly busy: number;
  readonly p99DelayMs: number;
}

/** What the durable cases report. */
export interface DurableFigures {
  /** `on` unless asked otherwise: what the PostgreSQL figures were measured with. */
  readonly pgFsync: string;
  /** `on` unless BENCH_GROUP_COMMIT=off: whether the engines grouped the calls of concurrent ticks (and any bounds set). */
  readonly groupCommit: string;
  /** The engines' billing interval (BENCH_INTERVAL_SECONDS): the durable figures' sessions are held at it. */
  readonly intervalSeconds: number;
  /** The engines' checkpoints inside it (BENCH_CHECKPOINT_SECONDS); `null`: none. */
  readonly checkpointSeconds: number | null;
  readonly pgSessions: number | null;
  readonly pgTwoProcessSessions: number | null;
  readonly pgHotRowSessions: number | null;
  readonly pgliteSessions: number | null;
  /** Problems the audit after the two-process case found; empty when none. */
  readonly pgAuditProblems: string[] | null;
  /** CPU per tick (µs) of the engine process and of the server, at the largest one-process step held. */
  readonly pgTickCpuUs: TickCpu | null;
}

/** What one tick cost in CPU time, in µs: the engine processes' and the database server's (when it runs here). */
interface TickCpu {
  readonly engine: number;
  readonly database: number | null;
}

/** What a step reads of the database server besides the engines' own figures. */
interface ServerProbes {
  /** Reads the database server's CPU time (ms) so far, when it runs on this machine. */
  readonly cpu: (() => number) | null;
  /** Samples what its busy connections run and wait for. */
  readonly waits: ServerWaitsSampler | null;
  /** What each statement cost it (BENCH_PG_STATEMENTS). */
  readonly statements: ServerStatements | null;
}

const NO_PROBES: ServerProbes = { cpu: null, waits: null, statements: null };

interface Case {
  readonly label: string;
  readonly processes: number;
  readonly env: NodeJS.ProcessEnv;
  readonly server?: ServerProbes;
}

/** Splits `from..to` into `parts` ranges on consultant boundaries; returns the `parts + 1` bounds. */
function bounds(from: number, to: number, parts: number): number[] {
  const step = Math.ceil((to - from) / parts / PER_CONSULTANT) * PER_CONSULTANT;
  return Array.from({ length: parts + 1 }, (_, k) => (k === parts ? to : Math.min(to, from + k * step)));
}

/**
 * Grows the sessions of one case until its ticks run late, then halves the gap between the last
 * count held and the first that broke (REFINE_STEPS times, sessions ended or added to get there);
 * returns the largest count held and its CPU per tick.
 */
async function sustained(
  engines: Child[],
  label: string,
  server: ServerProbes,
): Promise<{ held: number; cpu: TickCpu | null }> {
  const began = Date.now();
  const withinBudget = () => Date.now() - began <= BUDGET_MS;
  let running = 0;
  let nextUser = 0;
  /** Brings the running sessions to `target`: new users' sessions added, or the last started ended. */
  const resize = async (target: number) => {
    if (target > running) {
      const to = nextUser + (target - running);
      await (engines[0] as Child).ask('open', { from: nextUser, to }, LONG);
      const cut = bounds(nextUser, to, engines.length);
      // Over a whole interval, as sessions started at independent instants fall due: a window then sees each
      // session once at an even rate (and ticks and checkpoints in their steady proportion). Spread over half
      // of it, a step's ticks fell due at twice the rate for half the window.
      const spreadMs = INTERVAL_MS;
      const counts = await Promise.all(
        engines.map((engine, k) => engine.ask<number>('start', { from: cut[k], to: cut[k + 1], spreadMs }, LONG)),
      );
      nextUser = to;
      running = counts.reduce((sum, each) => sum + each, 0);
    } else if (target < running) {
      const keep = target / running;
      const counts = await Promise.all(engines.map((engine) => engine.ask<number>('shrink', { keep }, LONG)));
      running = counts.reduce((sum, each) => sum + each, 0);
      // The step that broke left ticks overdue: they drain before the next window.
      await sleep(INTERVAL_MS);
    }
  };
  let held = 0;
  let heldCpu: TickCpu | null = null;
  let broke = 0;
  let growth = GROWTH;
  for (let target = START; target <= MAX; target = Math.round(target * growth)) {
    if (!withinBudget()) {
      console.log(`${label}: time budget spent at ${running} sessions`);
      break;
    }
    await resize(target);
    const step = await measureStep(engines, label, running, server);
    if (!step.holds) {
      broke = running;
      break;
    }
    held = running;
    heldCpu = step.cpu;
    // Close to the limit: smaller steps from here on.
    if (step.p99 >= P99_TARGET_MS / 4) growth = Math.min(growth, FINE_GROWTH);
  }
  for (let k = 0; k < REFINE_STEPS && held > 0 && broke > held * 1.05 && withinBudget(); k++) {
    await resize(Math.round((held + broke) / 2));
    const step = await measureStep(engines, label, running, server);
    if (step.holds) {
      held = running;
      heldCpu = step.cpu;
    } else broke = running;
  }
  return { held, cpu: heldCpu };
}

/**
 * Measures, on `engines` running `count` sessions, one full interval of ticks, or with checkpoints
 * one checkpoint's time, in which each session is due once (at a checkpoint or a tick); prints it.
 */
async function measureStep(engines: Child[], label: string, count: number, server: ServerProbes) {
  const window = new Lateness(Date.now(), Date.now() + (CHECKPOINT_MS || INTERVAL_MS));
  // A profiler attached at this line (`perf record -a`, say) sees the measured window only.
  console.log(`${label}: measuring ${count} sessions`);
  await server.statements?.reset();
  const serverBefore = server.cpu?.() ?? null;
  const serverAtEnd = sleep(window.to - Date.now()).then(() => server.cpu?.() ?? null);
  const waits = server.waits?.sample(window.to) ?? null;
  const measured = await Promise.all(
    engines.map((engine) =>
      engine.ask<{ samples: number[]; calls: Record<string, CallFigures>; cpuMs: number; loop: EngineLoop }>(
        'measure',
        { from: window.from, to: window.to },
        LONG,
      ),
    ),
  );
  for (const each of measured) window.merge(each.samples);
  const p99 = window.percentile(99);
  const serverAfter = await serverAtEnd;
  const perTick = (ms: number) => Math.round((ms * 1_000) / Math.max(1, window.count));
  const cpu: TickCpu = {
    engine: perTick(measured.reduce((sum, each) => sum + each.cpuMs, 0)),
    database: serverBefore === null || serverAfter === null ? null : perTick(serverAfter - serverBefore),
  };
  // A step so far behind that no tick completed in its window has no lateness or cost a tick to print.
  const ticked = window.count > 0;
  const lateness = ticked ? `lateness p99 ${round(p99)} ms` : 'no tick completed in the window';
  console.log(`${label}: ${count} sessions, ${lateness} (${window.count} ticks; load ${loadAverage()})`);
  if (ticked) {
    console.log(
      `  CPU per tick: engine ${cpu.engine} µs${cpu.database === null ? '' : `, database server ${cpu.database} µs`}`,
    );
  }
  for (const [k, each] of measured.entries()) {
    const { busy, p99DelayMs } = each.loop;
    console.log(
      `  process ${k + 1}: thread busy ${Math.round(busy * 100)} %, event loop delay p99 ${round(p99DelayMs)} ms; ${describeCalls(each.calls)}`,
    );
  }
  if (waits) {
    const sampled = await waits;
    if (ticked) console.log(`  WAL written: ${Math.round(sampled.walBytes / window.count)} bytes per tick`);
    console.log(`  server connections, sampled every 100 ms: ${describeWaits(sampled.waits)}`);
  }
  const statements = ticked ? await server.statements?.describe(window.count) : undefined;
  for (const line of statements ?? []) console.log(`  statement: ${line}`);
  return { p99, cpu, holds: p99 < P99_TARGET_MS && window.count >= count * 0.95 };
}

async function runCase(spec: Case, audit?: (url: string, schema: string) => Promise<string[]>) {
  const schema = `bench_billing_${Date.now()}`;
  const engines = Array.from(
    { length: spec.processes },
    (_, k) =>
      new Child('billing/engine-process', {
        cpu: null,
        maxFiles: 4_096,
        nodeFlags: process.env.BENCH_ENGINE_NODE_FLAGS?.split(' ').filter(Boolean),
        env: { ...spec.env, BENCH_SCHEMA: schema, BENCH_ENGINE_ID: `bench-engine-${k}` },
      }),
  );
  try {
    // Each migrates the schema as it starts: migrations are safe to run from several processes at once.
    await Promise.all(engines.map((engine) => engine.ready));
    const { held, cpu } = await sustained(engines, spec.label, spec.server ?? NO_PROBES);
    let problems: string[] | undefined;
    if (audit && spec.env.BENCH_DATABASE_URL) {
      const endedEarlier = await Promise.all(engines.map((engine) => engine.ask<number>('endAll', {}, LONG)));
      problems = await audit(spec.env.BENCH_DATABASE_URL, schema);
      const early = endedEarlier.reduce((sum, each) => sum + each, 0);
      if (early > 0) problems.push(`${early} sessions had ended before the bench ended them`);
      console.log(`${spec.label}: audit ${problems.length === 0 ? 'clean' : problems.join('; ')}`);
    }
    await Promise.all(engines.map((engine) => engine.ask('close', {}, LONG)));
    return { held, cpu, problems };
  } finally {
    await Promise.all(engines.map((engine) => engine.kill()));
  }
}

/**
 * After every session ended: no interval charged twice (two charges naming
 * the same session and interval), every session's charges summing to its
 * total, and no hold left open.
 */
async function auditCharges(url: string, schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const s = `"${schema}"`;
    const twice = await client.query(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM ${s}.jc_wallet_transactions WHERE metadata ? 'interval' AND refund_of IS NULL
         GROUP BY metadata->>'sessionId', metadata->>'interval', id LIKE '%:promo' HAVING count(*) > 1) twice`,
    );
    const mismatched = await client.query(
      `SELECT count(*)::int AS n FROM ${s}.jc_billing_sessions b
         LEFT JOIN (SELECT metadata->>'sessionId' AS id, sum(gross) AS charged FROM ${s}.jc_wallet_transactions
                    WHERE metadata ? 'interval' AND refund_of IS NULL GROUP BY 1) t ON t.id = b.id
       WHERE coalesce(t.charged, 0) <> b.user_charged + b.promo_charged`,
    );
    const open = await client.query(`SELECT count(*)::int AS n FROM ${s}.jc_wallet_holds WHERE status = 'open'`);
    const problems: string[] = [];
    const count = (result: pg.QueryResult) => Number(result.rows[0]?.n ?? 0);
    if (count(twice) > 0) problems.push(`${count(twice)} intervals charged twice`);
    if (count(mismatched) > 0) problems.push(`${count(mismatched)} sessions whose charges differ from their totals`);
    if (count(open) > 0) problems.push(`${count(open)} holds open after every session ended`);
    return problems;
  } finally {
    await client.end();
  }
}

/** Runs every durable case and returns its figures. */
export async function benchDurable(): Promise<DurableFigures> {
  let figures: DurableFigures = {
    pgFsync: process.env.BENCH_FSYNC === 'off' ? 'off' : 'on',
    groupCommit: groupCommitLabel(),
    intervalSeconds: INTERVAL_MS / 1_000,
    checkpointSeconds: CHECKPOINT_MS > 0 ? CHECKPOINT_MS / 1_000 : null,
    pgSessions: null,
    pgTwoProcessSessions: null,
    pgHotRowSessions: null,
    pgliteSessions: null,
    pgAuditProblems: null,
    pgTickCpuUs: null,
  };
  if (!process.env.BENCH_SKIP_PG_SERVER) {
    await withBenchPostgres('engine/postgres', async ({ url, throwaway, fsync }) => {
      console.log(`engine/postgres: fsync ${fsync}${throwaway ? ' (throwaway cluster)' : ' (DATABASE_URL)'}`);
      const env = { BENCH_DATABASE_URL: url };
      const waits = await serverWaitsSampler(url);
      const statements = await serverStatements(url);
      const server: ServerProbes = { cpu: await serverCpuReader(url), waits, statements };
      try {
        const one = await runCase({ label: 'engine/postgres', processes: 1, env, server });
        const two = await runCase({ label: 'engine/postgres ×2', processes: 2, env, server }, auditCharges);
        const hot = await runCase({
          label: 'engine/postgres hot row',
          processes: 1,
          env: { ...env, BENCH_HOT: '1' },
          server,
        });
        figures = {
          ...figures,
          pgFsync: fsync,
          pgSessions: one.held,
          pgTwoProcessSessions: two.held,
          pgHotRowSessions: hot.held,
          pgAuditProblems: two.problems ?? null,
          pgTickCpuUs: one.cpu,
        };
      } finally {
        await waits.close();
        await statements?.close();
      }
    });
  }
  if (!process.env.BENCH_SKIP_PGLITE) {
    const dir = mkdtempSync(join(tmpdir(), 'jc-bench-pglite-'));
    try {
      const lite = await runCase({ label: 'engine/pglite', processes: 1, env: { BENCH_PGLITE_DIR: dir } });
      figures = { ...figures, pgliteSessions: lite.held };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}
