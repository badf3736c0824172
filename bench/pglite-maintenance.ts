/**
 * `pnpm bench pglite-maintenance`: what the host's vacuum pass over its embedded PGlite costs, and
 * what leaving PGlite unvacuumed (it has no autovacuum) costs billing.
 *
 * Two PGlite databases on disk, each on a worker thread as the host runs it, each billing the same
 * BENCH_MAINT_SESSIONS (15,000, about what one host holds on PGlite) consultations on a manual
 * clock, so a round's BENCH_MAINT_INTERVALS (4: a minute of billing at 15 s) intervals are charged
 * as fast as PGlite writes them. Rounds alternate between the two databases, so both see the same
 * machine load; after each of its rounds the maintained one gets a `maintainPGlite` pass, as the
 * host runs one a minute (`PGLITE_MAINTENANCE_MINUTES`). Reported per round: each database's wall
 * time per tick (µs), the pass's duration and its slowest statements (the longest of them is the
 * longest PGlite's one connection, and so every tick, waits), and at the end both databases' sizes
 * on disk. BENCH_MAINT_ROUNDS (4) rounds. A round with any interval left uncharged stops the bench.
 *
 * Human-readable lines first, each with the load average; the last line of stdout is one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BillingEngine } from '@jyotishconnect/billing-engine';
import { createPostgresBillingStore, migrateBillingStore } from '@jyotishconnect/billing-engine/postgres';
import { ManualClock, maintainPGlite, type PGliteMaintenanceReport, type SqlExecutor } from '@jyotishconnect/core';
import { openPGliteWorker, type PGliteWorker } from '@jyotishconnect/core/pglite-worker';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import {
  engineFor,
  INTERVAL_MS,
  type Layout,
  loadAverage,
  openAccounts,
  round,
  startSessions,
} from './lib/billing-load.js';
import { envNumber } from './lib/common.js';

const SESSIONS = envNumber('BENCH_MAINT_SESSIONS', 15_000);
const INTERVALS = envNumber('BENCH_MAINT_INTERVALS', 4);
const ROUNDS = envNumber('BENCH_MAINT_ROUNDS', 4);
const layout: Layout = { prefix: '', hot: false };

interface Billed {
  readonly label: string;
  readonly dir: string;
  readonly pglite: PGliteWorker;
  readonly engine: BillingEngine;
  readonly clock: ManualClock;
  /** Intervals charged so far, and the engine's background failures. */
  readonly charged: { ticks: number; errors: unknown[] };
}

async function openBilled(label: string): Promise<Billed> {
  const dir = mkdtempSync(join(tmpdir(), `jc-bench-maintenance-${label}-`));
  const pglite = await openPGliteWorker(dir);
  const db = pglite.executor;
  await migrateWalletStore(db, { schema: 'wallet' });
  await migrateBillingStore(db, { schema: 'billing' });
  // The wallet on the engine's clock too: holds expire in billing's time, not in the minutes setup takes.
  const clock = new ManualClock(Date.now());
  const wallet = createWallet({ store: createPostgresWalletStore({ db, schema: 'wallet' }), clock });
  await wallet.openSystemAccounts();
  await openAccounts(wallet, layout, 0, SESSIONS, 8);
  const store = createPostgresBillingStore({ db, schema: 'billing' });
  // As the reference host runs SQL stores: group commit, 1,024 ticks at once.
  const engine = engineFor(wallet, store, layout, { concurrency: 1_024, groupCommit: {}, clock });
  const charged = { ticks: 0, errors: [] as unknown[] };
  engine.on('session.tick', () => {
    charged.ticks += 1;
  });
  engine.on('error', (error) => charged.errors.push(error));
  await startSessions(engine, layout, 0, SESSIONS, 0);
  return { label, dir, pglite, engine, clock, charged };
}

/** Bills `INTERVALS` intervals of every session; wall-clock microseconds per tick. Stops the bench if any went uncharged. */
async function billRound(billed: Billed): Promise<number> {
  const chargedBefore = billed.charged.ticks;
  const began = performance.now();
  for (let k = 0; k < INTERVALS; k++) {
    await billed.clock.advance(INTERVAL_MS);
    await billed.engine.idle();
  }
  const elapsed = performance.now() - began;
  const charged = billed.charged.ticks - chargedBefore;
  if (charged !== SESSIONS * INTERVALS) {
    throw new Error(
      `${billed.label}: ${charged} of ${SESSIONS * INTERVALS} intervals charged; first engine error: ${String(billed.charged.errors[0])}`,
    );
  }
  return (elapsed * 1_000) / charged;
}

interface Timed {
  readonly text: string;
  readonly ms: number;
}

/** The executor with each statement's text and duration recorded; a transaction counts as one. */
function timed(db: SqlExecutor, statements: Timed[]): SqlExecutor {
  return {
    async query(text, params, options) {
      const began = performance.now();
      try {
        return await db.query(text, params, options);
      } finally {
        statements.push({ text, ms: performance.now() - began });
      }
    },
    async transaction(work) {
      const texts: string[] = [];
      const began = performance.now();
      try {
        return await db.transaction((tx) =>
          work({
            ...tx,
            query: (text, params, options) => {
              texts.push(text);
              return tx.query(text, params, options);
            },
          }),
        );
      } finally {
        statements.push({ text: texts.join('; '), ms: performance.now() - began });
      }
    },
  };
}

async function maintained(billed: Billed): Promise<{ report: PGliteMaintenanceReport; ms: number; slowest: Timed[] }> {
  const statements: Timed[] = [];
  const began = performance.now();
  const report = await maintainPGlite(timed(billed.pglite.executor, statements));
  const slowest = statements.sort((a, b) => b.ms - a.ms).slice(0, 3);
  return { report, ms: performance.now() - began, slowest };
}

async function databaseBytes(billed: Billed): Promise<number> {
  const { rows } = await billed.pglite.executor.query<{ bytes: string }>(
    'SELECT pg_database_size(current_database())::text AS bytes',
  );
  return Number(rows[0]?.bytes ?? 0);
}

async function main() {
  const loadAtStart = loadavg().map(round);
  const kept = await openBilled('maintained');
  const left = await openBilled('unmaintained');
  console.log(`${SESSIONS} sessions started on both databases (${loadAverage()})`);
  const keptUs: number[] = [];
  const leftUs: number[] = [];
  const passMs: number[] = [];
  const longestStatementMs: number[] = [];
  try {
    for (let r = 1; r <= ROUNDS; r++) {
      // Alternate which goes first, so neither always bills on the warmer machine.
      const order = r % 2 === 1 ? [kept, left] : [left, kept];
      for (const billed of order) {
        const us = await billRound(billed);
        (billed === kept ? keptUs : leftUs).push(round(us));
        console.log(`round ${r}, ${billed.label}: ${round(us)} µs a tick (${loadAverage()})`);
      }
      const pass = await maintained(kept);
      passMs.push(round(pass.ms));
      longestStatementMs.push(round(pass.slowest[0]?.ms ?? 0));
      const slowest = pass.slowest.map((each) => `${each.text} ${round(each.ms)} ms`).join(', ');
      console.log(
        `round ${r}, pass: ${round(pass.ms)} ms, ${pass.report.vacuumed.length} tables vacuumed, ${pass.report.analyzed.length} analyzed; slowest: ${slowest} (${loadAverage()})`,
      );
    }
    const [keptBytes, leftBytes] = [await databaseBytes(kept), await databaseBytes(left)];
    console.log(`on disk: maintained ${keptBytes} B, unmaintained ${leftBytes} B`);
    const last = ROUNDS - 1;
    console.log(
      JSON.stringify({
        bench: 'pglite-maintenance',
        sessions: SESSIONS,
        ticksPerRound: SESSIONS * INTERVALS,
        maintainedUsPerTick: keptUs,
        unmaintainedUsPerTick: leftUs,
        // Above 1: the unmaintained database bills slower.
        lastRoundUnmaintainedVsMaintained: Math.round(((leftUs[last] ?? 0) / (keptUs[last] ?? 1)) * 100) / 100,
        passMs,
        longestStatementMs,
        maintainedBytes: keptBytes,
        unmaintainedBytes: leftBytes,
        loadAverage: { start: loadAtStart, end: loadavg().map(round) },
      }),
    );
  } finally {
    for (const billed of [kept, left]) {
      await billed.engine.close();
      await billed.pglite.close();
      rmSync(billed.dir, { recursive: true, force: true });
    }
  }
}

await main();
