import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJyotishError } from '../src/errors.js';
import { fromPGlite } from '../src/pglite.js';
import { maintainPGlite } from '../src/pglite-maintenance.js';
import { openPGliteWorker } from '../src/pglite-worker.js';
import type { SqlExecutor } from '../src/sql.js';

const folders: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jc-pglite-maintenance-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Uses up `count` transaction ids, one committed write each, as a host's ticks do. */
async function spendXids(db: SqlExecutor, count: number): Promise<void> {
  await db.query('CREATE TABLE IF NOT EXISTS spent (n int)');
  for (let i = 0; i < count; i++) await db.query('INSERT INTO spent VALUES ($1)', [i]);
}

async function tableStats(db: SqlExecutor, table: string) {
  await db.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await db.query<{ dead: number; vacuumed: boolean; analyzed: boolean; columns: number }>(
    `SELECT n_dead_tup::int AS dead, last_vacuum IS NOT NULL AS vacuumed, last_analyze IS NOT NULL AS analyzed,
        (SELECT count(*)::int FROM pg_stats WHERE schemaname = 'shop' AND tablename = $1) AS columns
      FROM pg_stat_user_tables WHERE schemaname = 'shop' AND relname = $1`,
    [table],
  );
  return rows[0];
}

async function databaseAges(db: SqlExecutor): Promise<Record<string, number>> {
  const { rows } = await db.query<{ datname: string; age: number }>(
    'SELECT datname, age(datfrozenxid)::int AS age FROM pg_database',
  );
  return Object.fromEntries(rows.map((row) => [row.datname, row.age]));
}

describe('maintainPGlite', () => {
  const pglite = new PGlite();
  const db = fromPGlite(pglite);
  beforeAll(async () => {
    await db.query('CREATE SCHEMA shop');
    await db.query('CREATE TABLE shop.holds (id int PRIMARY KEY, amount bigint NOT NULL, open boolean NOT NULL)');
    await db.query('CREATE TABLE shop.settings (key text PRIMARY KEY, value text)');
    await db.query('INSERT INTO shop.holds SELECT g, 100, true FROM generate_series(1, 5000) AS g');
    await db.query(`INSERT INTO shop.settings VALUES ('currency', 'INR')`);
    // Every hold captured: 5,000 dead row versions, as a day of ticks leaves behind.
    await db.query('UPDATE shop.holds SET open = false');
  });
  afterAll(() => pglite.close());

  it('vacuums and analyzes the tables past autovacuum thresholds, and only those', async () => {
    expect(await tableStats(db, 'holds')).toMatchObject({ dead: 5000, vacuumed: false, columns: 0 });

    const report = await maintainPGlite(db);

    expect(report.vacuumed).toEqual(['shop.holds']);
    expect(report.analyzed).toEqual(['shop.holds']);
    expect(report.froze).toBe(false);
    expect(await tableStats(db, 'holds')).toEqual({ dead: 0, vacuumed: true, analyzed: true, columns: 3 });
    // Sampled at the pass's statistics target (10), not PostgreSQL's 100: 11 histogram bounds, not 101.
    const { rows } = await db.query<{ bounds: number }>(
      `SELECT cardinality(histogram_bounds::text::text[])::int AS bounds FROM pg_stats
        WHERE schemaname = 'shop' AND tablename = 'holds' AND attname = 'id'`,
    );
    expect(rows[0]?.bounds).toBe(11);
    // One row changed: far below the thresholds, so left alone as autovacuum would leave it.
    expect(await tableStats(db, 'settings')).toMatchObject({ vacuumed: false, analyzed: false });
  });

  it.each([
    { freezeAfterXids: -1 },
    { freezeAfterXids: 1.5 },
    { statisticsTarget: 0 },
    { statisticsTarget: 10_001 },
    { statisticsTarget: Number.NaN },
  ])('refuses %o before running anything', async (options) => {
    const statements: string[] = [];
    const recording: SqlExecutor = {
      query: (text, params) => {
        statements.push(text);
        return db.query(text, params);
      },
      transaction: (work) => db.transaction(work),
    };
    const refused = await maintainPGlite(recording, options).catch((error: unknown) => error);
    expect(isJyotishError(refused, 'INVALID_MAINTENANCE_OPTION')).toBe(true);
    expect(statements).toEqual([]);
  });

  it('has nothing to do on a second pass', async () => {
    expect(await maintainPGlite(db)).toMatchObject({ vacuumed: [], analyzed: [], froze: false });
  });

  it('vacuums a large table after 10,000 dead rows, though they are under a fifth of it', async () => {
    await db.query('CREATE TABLE shop.ledger (id int PRIMARY KEY, amount bigint NOT NULL)');
    await db.query('INSERT INTO shop.ledger SELECT g, 1 FROM generate_series(1, 100000) AS g');
    expect((await maintainPGlite(db)).vacuumed).toEqual(['shop.ledger']); // 100,000 rows inserted
    await db.query('UPDATE shop.ledger SET amount = 2 WHERE id <= 5000');
    expect((await maintainPGlite(db)).vacuumed).toEqual([]); // 5,000 dead: not yet
    await db.query('UPDATE shop.ledger SET amount = 2 WHERE id > 5000 AND id <= 11000');
    // 11,000 dead of 100,000: autovacuum would wait for 20,050.
    expect((await maintainPGlite(db)).vacuumed).toEqual(['shop.ledger']);
    expect(await tableStats(db, 'ledger')).toMatchObject({ dead: 0 });
  });

  it('freezes the whole database once its transaction ids pass the limit, catalogs included', async () => {
    await spendXids(db, 120);
    const before = await maintainPGlite(db, { freezeAfterXids: 1_000 });
    expect(before.froze).toBe(false);
    expect(before.xidAge).toBeGreaterThan(120);

    const report = await maintainPGlite(db, { freezeAfterXids: 100 });

    expect(report.froze).toBe(true);
    expect(report.xidAge).toBeLessThan(5);
    expect((await databaseAges(db)).postgres).toBe(report.xidAge);
    // The templates aged with it, and only a PGlite opened on them can freeze them.
    expect(report.otherDatabasesXidAge).toBeGreaterThan(120);
  });
});

describe('openPGliteWorker and aged template databases', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = folder();
    const pglite = await PGlite.create(dataDir);
    await spendXids(fromPGlite(pglite), 150);
    await pglite.close();
  });

  /** Opens the folder on a worker with `freezeTemplatesAfterXids`, runs `check` on it, and closes it. */
  async function opened(freezeTemplatesAfterXids: number, check: (db: SqlExecutor) => Promise<void>): Promise<void> {
    const pglite = await openPGliteWorker(dataDir, { freezeTemplatesAfterXids });
    try {
      await check(pglite.executor);
    } finally {
      await pglite.close();
    }
  }

  it('leaves templates younger than the limit as they are', async () => {
    await opened(10_000, async (db) => {
      const ages = await databaseAges(db);
      expect(ages.template0).toBeGreaterThan(150);
      expect(ages.template1).toBeGreaterThan(150);
    });
  });

  it('freezes the templates past the limit when it opens the folder, and keeps the data', async () => {
    await opened(100, async (db) => {
      const ages = await databaseAges(db);
      expect(ages.template0).toBe(0);
      expect(ages.template1).toBe(0);
      expect(ages.postgres).toBeGreaterThan(150);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM spent');
      expect(rows[0]?.n).toBe(150);
      // And the maintenance pass runs through the worker as in process.
      const report = await maintainPGlite(db, { freezeAfterXids: 100 });
      expect(report.froze).toBe(true);
      expect(report.xidAge).toBeLessThan(5);
      expect(report.otherDatabasesXidAge).toBeLessThan(report.xidAge + 5);
    });
  });
});
