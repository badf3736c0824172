// PGlite is PostgreSQL without its background workers: nothing runs autovacuum. Left alone, dead row
// versions pile up, the planner never gets statistics, and the transaction-id counter walks towards
// wraparound, where PostgreSQL refuses every write until the database is frozen. This module is the
// autovacuum pass a host runs on a schedule instead.
import { JyotishError } from './errors.js';
import type { SqlExecutor } from './sql.js';

/** Age, in transactions, past which {@link maintainPGlite} freezes the database: below autovacuum's own 200 million. */
export const FREEZE_AFTER_XIDS = 100_000_000;

/** Options of {@link maintainPGlite}. */
export interface PGliteMaintenanceOptions {
  /** Freeze the whole database once its oldest unfrozen transaction id is older than this; default {@link FREEZE_AFTER_XIDS}. */
  freezeAfterXids?: number;
  /**
   * ANALYZE's statistics target for columns without one of their own: it samples 300 rows per unit.
   * Default 10 (3,000 rows) rather than PostgreSQL's 100: on PGlite sampling 30,000 rows of a large
   * ledger table held the only connection for a second.
   */
  statisticsTarget?: number;
}

/** What one {@link maintainPGlite} pass did and found. */
export interface PGliteMaintenanceReport {
  /** Tables vacuumed, schema-qualified. */
  readonly vacuumed: readonly string[];
  /** Tables whose planner statistics were refreshed. */
  readonly analyzed: readonly string[];
  /** True when the pass froze the whole database because its transaction ids had aged past the limit. */
  readonly froze: boolean;
  /** Age in transactions of the open database's oldest unfrozen id, after the pass. */
  readonly xidAge: number;
  /**
   * The same for the other databases of the data folder (the templates), which only a PGlite opened on
   * them can freeze: `openPGliteWorker` does it when it opens the folder (`freezeTemplatesAfterXids`).
   */
  readonly otherDatabasesXidAge: number;
}

interface TableNeeds {
  name: string;
  vacuum: boolean;
  analyze: boolean;
}

// Every user table, and whether autovacuum's default thresholds make it due a VACUUM and an ANALYZE:
// vacuum after 50 + 20 % of its rows died, or after 1,000 + 20 % were inserted (so insert-mostly ledgers
// get their pages marked visible and frozen); analyze after 50 + 10 % changed. Vacuuming is also due after
// 10,000 dead or inserted rows, however large the table: a VACUUM's time follows the rows it finds, and on
// PGlite nothing else runs meanwhile, so many small ones beat a rare one over a fifth of a ledger.
// ANALYZE's time is bounded by its sample instead.
const USER_TABLES = `SELECT format('%I.%I', schemaname, relname) AS name,
    n_dead_tup > least(50 + 0.2 * n_live_tup, 10000)
      OR n_ins_since_vacuum > least(1000 + 0.2 * n_live_tup, 10000) AS vacuum,
    n_mod_since_analyze > 50 + 0.1 * n_live_tup AS analyze
  FROM pg_stat_user_tables ORDER BY schemaname, relname`;

const XID_AGES = `SELECT
    coalesce(max(age(datfrozenxid)) FILTER (WHERE datname = current_database()), 0)::bigint AS own,
    coalesce(max(age(datfrozenxid)) FILTER (WHERE datname <> current_database()), 0)::bigint AS others
  FROM pg_database`;

/**
 * Does for an embedded PGlite database what PostgreSQL's autovacuum does for a
 * server: vacuums and analyzes each table that crossed autovacuum's thresholds
 * (vacuuming at 10,000 dead or inserted rows at the latest), each VACUUM and
 * ANALYZE a statement of its own (each holds PGlite's only connection while it
 * runs, so a pass never stalls other work for longer than its largest step), and
 * freezes the database, table by table, before its transaction ids near wraparound. Run it
 * on a schedule, outside any transaction. An option out of range fails with
 * `INVALID_MAINTENANCE_OPTION` before anything runs.
 *
 * @example
 * const report = await maintainPGlite(fromPGlite(pglite));
 */
export async function maintainPGlite(
  db: SqlExecutor,
  options: PGliteMaintenanceOptions = {},
): Promise<PGliteMaintenanceReport> {
  const { freezeAfterXids: freezeAfter, statisticsTarget } = maintenanceSettings(options);
  // A backend sends its counts to the shared statistics at most once a second: count up to now.
  await db.query('SELECT pg_stat_force_next_flush()');
  const { rows: tables } = await db.query<TableNeeds>(USER_TABLES);
  const vacuumed: string[] = [];
  const analyzed: string[] = [];
  // VACUUM and ANALYZE apart, though `VACUUM (ANALYZE)` is one statement: each holds the connection, so two
  // shorter waits for whatever is queued behind them instead of one as long as both.
  for (const { name, vacuum, analyze } of tables) {
    if (vacuum) {
      await db.query(`VACUUM ${name}`);
      vacuumed.push(name);
    }
    if (analyze) {
      await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL default_statistics_target = ${statisticsTarget}`);
        await tx.query(`ANALYZE ${name}`);
      });
      analyzed.push(name);
    }
  }
  let ages = await xidAges(db);
  const froze = ages.own > freezeAfter;
  if (froze) {
    // Table by table first, so no one statement rewrites the whole database's visibility; then database-wide,
    // for the catalogs (the database's age is its oldest table's, catalogs included), skipping frozen pages.
    for (const { name } of tables) await db.query(`VACUUM (FREEZE) ${name}`);
    await db.query('VACUUM (FREEZE)');
    ages = await xidAges(db);
  }
  return { vacuumed, analyzed, froze, xidAge: ages.own, otherDatabasesXidAge: ages.others };
}

/** `options` with their defaults, checked: an option out of range throws `INVALID_MAINTENANCE_OPTION`. */
export function maintenanceSettings(options: PGliteMaintenanceOptions): Required<PGliteMaintenanceOptions> {
  return {
    freezeAfterXids: wholeNumber('freezeAfterXids', options.freezeAfterXids ?? FREEZE_AFTER_XIDS, 0, 2_000_000_000),
    // PostgreSQL's own bounds for a statistics target; the value is written into a statement.
    statisticsTarget: wholeNumber('statisticsTarget', options.statisticsTarget ?? 10, 1, 10_000),
  };
}

/** `value` when it is a whole number from `min` to `max`; else an `INVALID_MAINTENANCE_OPTION` error naming `option`. */
export function wholeNumber(option: string, value: number, min: number, max: number): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw new JyotishError(
    'INVALID_MAINTENANCE_OPTION',
    `${option} must be a whole number from ${min} to ${max}, not ${String(value)}`,
    { details: { option, value } },
  );
}

async function xidAges(db: SqlExecutor): Promise<{ own: number; others: number }> {
  const { rows } = await db.query<{ own: string | number; others: string | number }>(XID_AGES);
  return { own: Number(rows[0]?.own ?? 0), others: Number(rows[0]?.others ?? 0) };
}
