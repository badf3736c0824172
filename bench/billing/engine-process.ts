/**
 * One billing engine in a process of its own, driven by `bench/billing.ts`
 * over IPC, with its wallet and sessions in schema BENCH_SCHEMA of the
 * PostgreSQL server at BENCH_DATABASE_URL, or of an embedded PGlite on disk
 * at BENCH_PGLITE_DIR (on a worker thread, with a vacuum pass every
 * BENCH_PGLITE_MAINTENANCE_SECONDS (60; 0: none), as the host runs it). BENCH_HOT=1
 * sends every session to one consultant.
 * The engine runs with group commit unless BENCH_GROUP_COMMIT=off: batches of
 * up to BENCH_GROUP_MAX_BATCH calls, each waiting BENCH_GROUP_DELAY_MS for
 * more, BENCH_GROUP_IN_FLIGHT at storage at once; at most BENCH_CONCURRENCY
 * ticks run at once. Each unset is the engine's default, as the reference
 * host runs it. Its
 * storage calls are timed per window (`lib/batch-calls.ts`).
 * Accounts are opened with asynchronous commits (setup, not measured); the
 * engine's own writes are durable.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createPostgresBillingStore, migrateBillingStore } from '@jyotishconnect/billing-engine/postgres';
import { fromPg, type SqlExecutor, schedulePGliteMaintenance } from '@jyotishconnect/core';
import { openPGliteWorker } from '@jyotishconnect/core/pglite-worker';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import pg from 'pg';
import { BatchCalls } from '../lib/batch-calls.js';
import { engineFor, Lateness, type Layout, openAccounts, sleep, startSessions } from '../lib/billing-load.js';
import { envNumber, inParallel } from '../lib/common.js';
import { groupCommitFromEnv } from '../lib/group-commit-env.js';
import { announce, type IpcRequest, serveIpc } from '../lib/ipc.js';

const schema = process.env.BENCH_SCHEMA ?? 'public';
const layout: Layout = { prefix: '', hot: process.env.BENCH_HOT === '1' };

interface Connection {
  /** Where the engine writes. */
  readonly db: SqlExecutor;
  /** Where accounts are opened. */
  readonly setup: SqlExecutor;
  close(): Promise<void>;
}

async function connect(): Promise<Connection> {
  const dir = process.env.BENCH_PGLITE_DIR;
  if (dir) {
    // On a worker thread, as the host runs it: PGlite's statements on one core, the engine on another.
    const lite = await openPGliteWorker(dir);
    const seconds = envNumber('BENCH_PGLITE_MAINTENANCE_SECONDS', 60, { zero: true });
    let failure: unknown = null;
    // Every tick waits behind each statement of a pass, as on the host (`PGLITE_MAINTENANCE_MINUTES`, 1).
    const stopMaintenance =
      seconds === 0
        ? async () => {}
        : schedulePGliteMaintenance(lite.executor, {
            everyMs: seconds * 1_000,
            onError: (error) => {
              failure ??= error;
            },
          });
    return {
      db: lite.executor,
      setup: lite.executor,
      close: async () => {
        await stopMaintenance();
        await lite.close();
        // Figures taken without the passes the host runs would not be the host's.
        if (failure) throw failure;
      },
    };
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL or BENCH_PGLITE_DIR is required');
  const pool = new pg.Pool({ connectionString: url, max: 24 });
  const setupPool = new pg.Pool({ connectionString: url, max: 8, options: '-c synchronous_commit=off' });
  for (const each of [pool, setupPool]) each.on('error', () => {});
  return {
    db: fromPg(pool),
    setup: fromPg(setupPool),
    close: async () => {
      await Promise.all([pool.end(), setupPool.end()]);
    },
  };
}

const connection = await connect();
await migrateWalletStore(connection.db, { schema });
await migrateBillingStore(connection.db, { schema });
const wallet: Wallet = createWallet({ store: createPostgresWalletStore({ db: connection.db, schema }) });
const setupWallet = createWallet({ store: createPostgresWalletStore({ db: connection.setup, schema }) });
await wallet.openSystemAccounts();
const store = createPostgresBillingStore({ db: connection.db, schema });
const calls = new BatchCalls();
calls.wrap(wallet, 'commitMany');
calls.wrap(wallet, 'getAccounts');
calls.wrap(store, 'updateSessions');
const engine = engineFor(wallet, store, layout, {
  ...(process.env.BENCH_CONCURRENCY ? { concurrency: envNumber('BENCH_CONCURRENCY', 0) } : {}),
  engineId: process.env.BENCH_ENGINE_ID,
  groupCommit: groupCommitFromEnv(),
});
let window = new Lateness(0, 0);
engine.on('session.tick', (tick) => window.record(tick.endedAt, Date.now()));
// A checkpoint's lateness counts as a tick's: each session is due once a window, at one or the other.
engine.on('session.checkpoint', (checkpoint) => window.record(checkpoint.dueAt, Date.now()));
const sessions: string[] = [];
// How busy the engine's one thread was in a window, and how late its event loop ran: whether the engine is the limit.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const range = (request: IpcRequest) => [Number(request.from), Number(request.to)] as const;

/** Sessions the bench ended that had already ended on their own. */
let endedEarlier = 0;

async function endSessions(ids: readonly string[]): Promise<void> {
  await inParallel(ids, 32, async (id) => {
    try {
      await engine.end(id);
    } catch (error) {
      if ((error as { code?: string }).code !== 'INVALID_TRANSITION') throw error;
      endedEarlier++;
    }
  });
}

serveIpc({
  open: async (request) => {
    const [from, to] = range(request);
    await openAccounts(setupWallet, layout, from, to, 8);
  },
  start: async (request) => {
    const [from, to] = range(request);
    sessions.push(...(await startSessions(engine, layout, from, to, Number(request.spreadMs))));
    return sessions.length;
  },
  /**
   * Lateness of the ticks due from `from` to `to` (epoch ms), the storage calls made meanwhile, and the
   * process's CPU time (ms) from now to `to`, once the window has passed.
   */
  measure: async (request) => {
    const [from, to] = range(request);
    window = new Lateness(from, to);
    calls.take();
    const cpuBefore = process.cpuUsage();
    const loopBefore = performance.eventLoopUtilization();
    loopDelay.reset();
    await sleep(to - Date.now());
    const cpu = process.cpuUsage(cpuBefore);
    const loop = {
      busy: performance.eventLoopUtilization(loopBefore).utilization,
      p99DelayMs: loopDelay.percentile(99) / 1e6,
    };
    await sleep(to + 1_000 - Date.now());
    return { samples: window.samples(), calls: calls.take(), cpuMs: (cpu.user + cpu.system) / 1_000, loop };
  },
  /** Ends the sessions started last, keeping the first `keep` share of them; returns how many run. */
  shrink: async (request) => {
    await endSessions(sessions.splice(Math.round(sessions.length * Number(request.keep))));
    return sessions.length;
  },
  /** Ends every session still running; returns how many the bench ended had ended already (none should have). */
  endAll: async () => {
    await endSessions(sessions.splice(0));
    await engine.idle();
    return endedEarlier;
  },
  close: async () => {
    await engine.close();
    await connection.close();
  },
});
announce({ pid: process.pid });
