import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, fromPg, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import { createPostgresPaymentStore, migratePaymentStore } from '@jyotishconnect/payments/postgres';
import { anOrder, paymentStoreContract } from '@jyotishconnect/payments/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const randomSchema = () => `payments_${randomUUID().replaceAll('-', '')}`;

/** A store in a fresh schema, so tests share one database without seeing each other's orders. */
async function storeInFreshSchema(db: SqlExecutor) {
  const schema = randomSchema();
  await migratePaymentStore(db, { schema });
  return {
    store: createPostgresPaymentStore({ db, schema }),
    schema,
    close: async () => void (await db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`)),
  };
}

describe('postgres (PGlite)', () => {
  const lite = new PGlite();
  const db = fromPGlite(lite);
  afterAll(async () => await lite.close());

  paymentStoreContract('postgres (PGlite)', () => storeInFreshSchema(db));

  it('migrating twice is harmless', async () => {
    const { store, schema, close } = await storeInFreshSchema(db);
    await store.insertOrder(anOrder());
    await migratePaymentStore(db, { schema });
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.jc_migrations WHERE component = 'payments'`,
    );
    expect(rows[0]?.n).toBe(1);
    expect(await store.getOrder('order-1')).toEqual(anOrder());
    await close();
  });
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 8 });
  afterAll(async () => await pool.end());

  paymentStoreContract('postgres (server)', () => storeInFreshSchema(fromPg(pool)));

  it('amounts past 2^31 paise and millisecond instants come back as exact numbers', async () => {
    const { store, close } = await storeInFreshSchema(fromPg(pool));
    const order = anOrder({ amount: 9_007_199_254_740_991, createdAt: 4_102_444_800_000 });
    await store.insertOrder(order);
    const paid = await store.claimPayment(order.id, 'pay_1', 4_102_444_800_001);
    expect(paid).toEqual({ ...order, status: 'paid', paymentId: 'pay_1', paidAt: 4_102_444_800_001 });
    await close();
  });
});
