import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, fromPg, migrate, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import {
  createPostgresPaymentStore,
  createPostgresPayoutStore,
  migratePaymentStore,
} from '@jyotishconnect/payments/postgres';
import { anOrder, aPayout, paymentStoreContract, payoutStoreContract } from '@jyotishconnect/payments/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { paymentMigrations } from '../src/adapters/postgres/schema.js';

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

/** A payout store in a fresh schema of its own. */
async function payoutStoreInFreshSchema(db: SqlExecutor) {
  const { schema, close } = await storeInFreshSchema(db);
  return { store: createPostgresPayoutStore({ db, schema }), close };
}

describe('postgres (PGlite)', () => {
  const lite = new PGlite();
  const db = fromPGlite(lite);
  afterAll(async () => await lite.close());

  paymentStoreContract('postgres (PGlite)', () => storeInFreshSchema(db));
  payoutStoreContract('postgres (PGlite)', () => payoutStoreInFreshSchema(db));

  it('migrating twice is harmless', async () => {
    const { store, schema, close } = await storeInFreshSchema(db);
    await store.insertOrder(anOrder());
    await migratePaymentStore(db, { schema });
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.jc_migrations WHERE component = 'payments'`,
    );
    expect(rows[0]?.n).toBe(2);
    expect(await store.getOrder('order-1')).toEqual(anOrder());
    await close();
  });

  it('a schema migrated by the previous version gains the payouts table and keeps its orders', async () => {
    const schema = randomSchema();
    // Exactly what the previous release applied: the shipped migration 1, nothing else.
    await migrate(db, { schema, component: 'payments', migrations: paymentMigrations(schema).slice(0, 1) });
    const orders = createPostgresPaymentStore({ db, schema });
    await orders.insertOrder(anOrder());
    await orders.claimPayment('order-1', 'pay_1', 1_700_000_050_000);
    const before = await orders.getOrder('order-1');

    await migratePaymentStore(db, { schema });

    const { rows } = await db.query<{ version: number }>(
      `SELECT version FROM ${quoteIdent(schema)}.jc_migrations WHERE component = 'payments' ORDER BY version`,
    );
    expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
    expect(await orders.getOrder('order-1')).toEqual(before);
    expect(before).toMatchObject({ status: 'paid', paymentId: 'pay_1' });
    const payouts = createPostgresPayoutStore({ db, schema });
    expect(await payouts.insertPayout(aPayout())).toEqual({ record: aPayout(), inserted: true });
    await db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
  });

  it('the database refuses a payout status the port does not know', async () => {
    const { store, close } = await payoutStoreInFreshSchema(db);
    await expect(store.insertPayout({ ...aPayout(), status: 'lost' as never })).rejects.toThrow(/check constraint/i);
    await close();
  });
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 8 });
  afterAll(async () => await pool.end());

  paymentStoreContract('postgres (server)', () => storeInFreshSchema(fromPg(pool)));
  payoutStoreContract('postgres (server)', () => payoutStoreInFreshSchema(fromPg(pool)));

  it('amounts past 2^31 paise and millisecond instants come back as exact numbers', async () => {
    const { store, close } = await storeInFreshSchema(fromPg(pool));
    const order = anOrder({ amount: 9_007_199_254_740_991, createdAt: 4_102_444_800_000 });
    await store.insertOrder(order);
    const paid = await store.claimPayment(order.id, 'pay_1', 4_102_444_800_001);
    expect(paid).toEqual({ ...order, status: 'paid', paymentId: 'pay_1', paidAt: 4_102_444_800_001 });
    await close();
  });

  it('payout amounts past 2^31 paise and their instants come back as exact numbers', async () => {
    const { store, close } = await payoutStoreInFreshSchema(fromPg(pool));
    const payout = aPayout({ amount: 9_007_199_254_740_991, createdAt: 4_102_444_800_000 });
    await store.insertPayout(payout);
    const paid = await store.transitionPayout(payout.id, {
      from: ['requested'],
      to: 'paid',
      settledAt: 4_102_444_800_001,
    });
    expect(paid).toEqual({ ...payout, status: 'paid', settledAt: 4_102_444_800_001 });
    await close();
  });
});
