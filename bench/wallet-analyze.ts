/**
 * `pnpm bench wallet-analyze`: what refreshing the planner's statistics of a billing ledger costs,
 * with the statistics of its JSON columns skipped as the wallet's migrations set them, against
 * every column sampled (PostgreSQL's default) in the same run.
 *
 * A ledger of BENCH_ANALYZE_TICKS (40,000) billing ticks, each a capture of interval k's hold with
 * the engine's metadata and the placement of the hold of k+1, in batches of 500 ticks, is written
 * to the PostgreSQL server (DATABASE_URL, or a throwaway cluster with fsync on) and to a PGlite on
 * disk on a worker thread, as the host runs it. Then each wallet table with a column whose
 * statistics are off is analyzed BENCH_ANALYZE_REPEATS (5) times each way, alternating: with those
 * columns at the default target, and as migrated. On PGlite each ANALYZE runs with the statistics
 * target `maintainPGlite` uses (10). Autovacuum (on the server) and the host's maintenance pass (on
 * PGlite) run these ANALYZEs every time a tenth of a table changed; on PGlite nothing else runs
 * meanwhile. BENCH_SKIP_PGLITE, BENCH_SKIP_PG_SERVER skip a side.
 *
 * The last line of stdout is one JSON object: per side, the median milliseconds of one round of
 * ANALYZE over those tables each way (`pgAnalyzeMs`, `pgliteAnalyzeMs`) and the ratio default ÷
 * migrated (`pgRatio`, `pgliteRatio`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fromPg, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { openPGliteWorker } from '@jyotishconnect/core/pglite-worker';
import { type BatchOperation, createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import pg from 'pg';
import { round } from './lib/billing-load.js';
import { envNumber } from './lib/common.js';
import { withBenchPostgres } from './lib/postgres-server.js';
import { openWalletBook } from './lib/wallet-book.js';

const TICKS = envNumber('BENCH_ANALYZE_TICKS', 40_000);
const REPEATS = envNumber('BENCH_ANALYZE_REPEATS', 5);
const TICKS_PER_BATCH = 500;
const CONSULTANTS = 50;
const SCHEMA = 'jc_bench_analyze';
/** `maintainPGlite`'s default statistics target. */
const PGLITE_STATISTICS_TARGET = 10;

const userOf = (k: number) => `user:${k}`;
const holdOf = (k: number, interval: number) => `hold:${k}:${interval}`;

/** Writes `TICKS` billing ticks: per user and interval, the capture of its hold and the next hold. */
async function writeLedger(wallet: Wallet): Promise<void> {
  const users = Array.from({ length: TICKS_PER_BATCH }, (_, k) => userOf(k));
  const consultants = Array.from({ length: CONSULTANTS }, (_, c) => `consultant:${c}`);
  await openWalletBook(wallet, { users, consultants, funds: 1_000_000_000 });
  const place = (k: number, interval: number): BatchOperation => ({
    op: 'placeHold',
    id: holdOf(k, interval),
    accountId: userOf(k),
    amount: 500,
    expiresAt: Date.now() + 3_600_000,
    metadata: { sessionId: `session:${k}`, interval },
  });
  await wallet.commitMany(users.map((_, k) => place(k, 1)));
  for (let interval = 1; interval <= TICKS / TICKS_PER_BATCH; interval++) {
    const batch = users.flatMap((_, k): BatchOperation[] => [
      {
        op: 'captureHold',
        id: holdOf(k, interval),
        holdId: holdOf(k, interval),
        to: `consultant:${k % CONSULTANTS}`,
        amount: 500,
        commissionBps: 1_200,
        metadata: { sessionId: `session:${k}`, interval },
      },
      place(k, interval + 1),
    ]);
    const failed = (await wallet.commitMany(batch)).find((result) => !result.ok);
    if (failed) throw new Error(`a write of the ledger failed: ${JSON.stringify(failed)}`);
  }
}

/** The wallet's columns whose statistics its migrations turned off, as `table.column` (qualified). */
async function columnsWithoutStatistics(db: SqlExecutor): Promise<{ table: string; column: string }[]> {
  const { rows } = await db.query<{ table: string; column: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS table, a.attname AS column
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND a.attstattarget = 0
     ORDER BY 1, 2`,
    [SCHEMA],
  );
  if (rows.length === 0) throw new Error(`no column of ${SCHEMA} has its statistics turned off`);
  return rows;
}

/** Median milliseconds of one ANALYZE round over the tables of those columns, with them at the default and as migrated. */
async function analyzeBothWays(
  db: SqlExecutor,
  statisticsTarget?: number,
): Promise<{ defaults: number; migrated: number }> {
  const columns = await columnsWithoutStatistics(db);
  const tables = [...new Set(columns.map(({ table }) => table))];
  const setTargets = async (target: number) => {
    for (const { table, column } of columns) {
      await db.query(`ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(column)} SET STATISTICS ${target}`);
    }
  };
  const analyzeRound = async () => {
    const began = performance.now();
    for (const table of tables) {
      await db.transaction(async (tx) => {
        if (statisticsTarget) await tx.query(`SET LOCAL default_statistics_target = ${statisticsTarget}`);
        await tx.query(`ANALYZE ${table}`);
      });
    }
    return performance.now() - began;
  };
  const defaults: number[] = [];
  const migrated: number[] = [];
  await analyzeRound(); // the first reads the tables into the cache
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    await setTargets(-1);
    defaults.push(await analyzeRound());
    await setTargets(0);
    migrated.push(await analyzeRound());
  }
  const median = (values: number[]) => round(values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number);
  return { defaults: median(defaults), migrated: median(migrated) };
}

/** Writes the ledger through `db` and measures its ANALYZE rounds; prints them with the load average. */
async function measureOn(label: string, db: SqlExecutor, statisticsTarget?: number) {
  await migrateWalletStore(db, { schema: SCHEMA });
  await writeLedger(createWallet({ store: createPostgresWalletStore({ db, schema: SCHEMA }) }));
  const analyzeMs = await analyzeBothWays(db, statisticsTarget);
  const ratio = round(analyzeMs.defaults / analyzeMs.migrated);
  console.log(
    `${label}: ANALYZE of a ledger of ${TICKS} ticks: ${analyzeMs.defaults} ms with every column, ` +
      `${analyzeMs.migrated} ms as migrated (${ratio}x; load ${loadavg().map(round).join(' ')})`,
  );
  return { analyzeMs, ratio };
}

const pgFigures = process.env.BENCH_SKIP_PG_SERVER
  ? null
  : await withBenchPostgres('wallet-analyze', async ({ url, fsync }) => {
      const pool = new pg.Pool({ connectionString: url, max: 8 });
      pool.on('error', () => {}); // an idle connection dropped as the throwaway cluster stops is not a failure
      try {
        return { fsync, ...(await measureOn('postgres', fromPg(pool))) };
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
        await pool.end();
      }
    });

let pgliteFigures: Awaited<ReturnType<typeof measureOn>> | null = null;
if (!process.env.BENCH_SKIP_PGLITE) {
  const dir = mkdtempSync(join(tmpdir(), 'jc-bench-analyze-'));
  const pglite = await openPGliteWorker(dir);
  try {
    pgliteFigures = await measureOn('pglite', pglite.executor, PGLITE_STATISTICS_TARGET);
  } finally {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  JSON.stringify({
    bench: 'wallet-analyze',
    ticks: TICKS,
    pgFsync: pgFigures?.fsync ?? null,
    pgAnalyzeMs: pgFigures?.analyzeMs ?? null,
    pgRatio: pgFigures?.ratio ?? null,
    pgliteAnalyzeMs: pgliteFigures?.analyzeMs ?? null,
    pgliteRatio: pgliteFigures?.ratio ?? null,
    loadAvg: loadavg().map(round),
  }),
);
