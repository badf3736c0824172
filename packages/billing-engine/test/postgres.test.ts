import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresBillingStore, migrateBillingStore } from '@jyotishconnect/billing-engine/postgres';
import { billingReportContract, billingStoreContract, createTestBilling } from '@jyotishconnect/billing-engine/testing';
import { fromPGlite, fromPg, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { openPGliteWorker, type PGliteWorker } from '@jyotishconnect/core/pglite-worker';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatRequest } from './chat-request.js';

/** A store in a fresh schema, so tests share one database without seeing each other's sessions. */
async function storeInFreshSchema(db: SqlExecutor) {
  const schema = `billing_${randomUUID().replaceAll('-', '')}`;
  await migrateBillingStore(db, { schema });
  return {
    schema,
    store: createPostgresBillingStore({ db, schema }),
    close: async () => void (await db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`)),
  };
}

describe('postgres (PGlite)', () => {
  const pglite = new PGlite();
  const db = fromPGlite(pglite);
  afterAll(() => pglite.close());

  billingStoreContract('postgres (PGlite)', () => storeInFreshSchema(db));
  billingReportContract('postgres (PGlite)', () => storeInFreshSchema(db));

  it('migrating twice changes nothing', async () => {
    await migrateBillingStore(db, { schema: 'twice' });
    await migrateBillingStore(db, { schema: 'twice' });
    const { rows } = await db.query(`SELECT version FROM twice.jc_migrations WHERE component = 'billing-engine'`);
    expect(rows).toEqual([1, 2, 3, 4, 5, 6].map((version) => ({ version })));
  });

  it('a session written before migration 4 reads as never switched', async () => {
    const schema = `billing_${randomUUID().replaceAll('-', '')}`;
    await migrateBillingStore(db, { schema });
    const store = createPostgresBillingStore({ db, schema });
    const record = chatRequest('old', 1);
    const switched = { ...record, offeredService: 'video' as const, rateFromSeconds: 9, rateFromIndex: 3 };
    await store.insertSession(switched, { maxOpenPerConsultant: 1 });
    // What migration 4 gives a row that existed before it: the columns' defaults.
    await db.query(
      `UPDATE ${quoteIdent(schema)}.jc_billing_sessions SET rate_from_seconds = DEFAULT, rate_from_index = DEFAULT,
         previous_rate_per_minute = DEFAULT, previous_rate_from_seconds = DEFAULT, offered_service = DEFAULT`,
    );
    expect(await store.getSession('old')).toEqual(record);
    await db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
  });

  it('a tick changes no indexed column of its session, so its write can stay on its page', async () => {
    const { schema, store, close } = await storeInFreshSchema(db);
    const table = `${quoteIdent(schema)}.jc_billing_sessions`;
    const billing = await createTestBilling({ store });
    await billing.addConsultant('consultant:guru', { chat: 1_000 });
    await billing.addUser('user:a', 100_000);
    const { id } = await billing.engine.request({ userId: 'user:a', consultantId: 'consultant:guru', service: 'chat' });
    await billing.engine.accept(id, 'consultant:guru');
    const row = async () =>
      (await db.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE id = $1`, [id])).rows[0];
    const before = (await row()) ?? {};
    await billing.advance(15_000);
    const after = (await row()) ?? {};
    const changed = Object.keys(after).filter((column) => String(after[column]) !== String(before[column]));
    expect(changed).toEqual(expect.arrayContaining(['interval_index', 'user_charged', 'lease_until', 'version']));

    const { rows } = await db.query<{ definition: string; options: string[] | null }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS definition, c.reloptions AS options
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE i.indrelid = $1::regclass`,
      [table],
    );
    const indexed = rows.filter((index) =>
      changed.some((column) => new RegExp(`\\b${column}\\b`).test(index.definition)),
    );
    expect(indexed.map((index) => index.definition)).toEqual([]);
    expect(rows[0]?.options).toContain('fillfactor=70');
    await billing.engine.close();
    await close();
  });

  it('a batch of ticks finds its sessions by key though the table grew after the write was planned', async () => {
    const { schema, store, close } = await storeInFreshSchema(db);
    const table = `${quoteIdent(schema)}.jc_billing_sessions`;
    const seed = chatRequest('seed', 1);
    await store.insertSession(seed, { maxOpenPerConsultant: 1 });
    // The connection plans the batch write while the table holds one row, as on a new host, and keeps the plan.
    const planned = { ...seed, version: seed.version + 1 };
    expect(await store.updateSessions([planned])).toEqual([true]);
    // Then the table grows to as many open sessions as a busy host has, written directly; nothing analyzes it.
    await db.query(
      `INSERT INTO ${table} SELECT (jsonb_populate_record(s, jsonb_build_object('id', 'bulk' || g, 'user_id', 'user:' || g))).*
         FROM ${table} s, generate_series(1, 5000) g WHERE s.id = 'seed'`,
    );
    const scans = async () => {
      await db.query('SELECT pg_stat_force_next_flush()');
      const { rows } = await db.query<{ seq: number; idx: number }>(
        'SELECT seq_scan::int AS seq, idx_scan::int AS idx FROM pg_stat_user_tables WHERE relid = $1::regclass',
        [table],
      );
      return rows[0] as { seq: number; idx: number };
    };
    const before = await scans();
    for (let batch = 0; batch < 8; batch++) {
      const ids = [`bulk${batch + 1}`, `bulk${batch + 100}`, `bulk${batch + 1000}`];
      const written = await store.updateSessions(
        ids.map((id) => ({ ...planned, id, userId: `user:${id.slice(4)}`, version: planned.version + 1 })),
      );
      expect(written).toEqual([true, true, true]);
    }
    const after = await scans();
    expect(after.seq).toBe(before.seq);
    expect(after.idx).toBeGreaterThanOrEqual(before.idx + 8);
    await close();
  });

  it('the tables go to public by default', async () => {
    await migrateBillingStore(db);
    const { rows } = await db.query(`SELECT to_regclass('public.jc_billing_sessions') IS NOT NULL AS present`);
    expect(rows).toEqual([{ present: true }]);
  });
});

describe('postgres (PGlite on a worker thread)', () => {
  let pglite: PGliteWorker;
  beforeAll(async () => {
    pglite = await openPGliteWorker();
  });
  afterAll(() => pglite?.close());

  // The store contract only: the report contract runs the same SQL, checked in-process above.
  billingStoreContract('postgres (PGlite on a worker thread)', () => storeInFreshSchema(pglite.executor));
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 20 });
  const db = fromPg(pool);
  afterAll(() => pool.end());

  billingStoreContract('postgres (server)', () => storeInFreshSchema(db));
  billingReportContract('postgres (server)', () => storeInFreshSchema(db));
});
