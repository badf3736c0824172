import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresBillingStore, migrateBillingStore } from '@jyotishconnect/billing-engine/postgres';
import { billingReportContract, billingStoreContract } from '@jyotishconnect/billing-engine/testing';
import { fromPGlite, fromPg, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { chatRequest } from './chat-request.js';

/** A store in a fresh schema, so tests share one database without seeing each other's sessions. */
async function storeInFreshSchema(db: SqlExecutor) {
  const schema = `billing_${randomUUID().replaceAll('-', '')}`;
  await migrateBillingStore(db, { schema });
  return {
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
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
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

  it('the tables go to public by default', async () => {
    await migrateBillingStore(db);
    const { rows } = await db.query(`SELECT to_regclass('public.jc_billing_sessions') IS NOT NULL AS present`);
    expect(rows).toEqual([{ present: true }]);
  });
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 20 });
  const db = fromPg(pool);
  afterAll(() => pool.end());

  billingStoreContract('postgres (server)', () => storeInFreshSchema(db));
  billingReportContract('postgres (server)', () => storeInFreshSchema(db));
});
