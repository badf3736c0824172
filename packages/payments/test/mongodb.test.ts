import { randomUUID } from 'node:crypto';
import { describeWithMongo } from '@jyotishconnect/core/testing/suites';
import {
  createMongoPaymentStore,
  createMongoPayoutStore,
  migratePaymentCollections,
} from '@jyotishconnect/payments/mongodb';
import { anOrder, aPayout, paymentStoreContract, payoutStoreContract } from '@jyotishconnect/payments/testing';
import { Long, MongoClient } from 'mongodb';
import { afterAll, expect, it } from 'vitest';

describeWithMongo('mongodb', (mongoUri) => {
  const client = new MongoClient(mongoUri);
  afterAll(() => client.close());

  /** A migrated store in a database of its own, so tests never see each other's orders. */
  async function storeInFreshDb() {
    const db = client.db(`jc_payments_${randomUUID().replaceAll('-', '').slice(0, 20)}`);
    await migratePaymentCollections({ db });
    const store = createMongoPaymentStore({ client, db: db.databaseName });
    return { store, db, close: async () => void (await db.dropDatabase()) };
  }

  paymentStoreContract('mongodb', storeInFreshDb);
  payoutStoreContract('mongodb', async () => {
    const { db, close } = await storeInFreshDb();
    return { store: createMongoPayoutStore({ db }), close };
  });

  it('migrating twice leaves one set of indexes', async () => {
    const { db, close } = await storeInFreshDb();
    await migratePaymentCollections({ db });
    const orders = await db.collection('jc_payment_orders').indexes();
    expect(orders.map((index) => index.name).sort()).toEqual(['_id_', 'provider_order', 'user_created']);
    const refunds = await db.collection('jc_payment_refunds').indexes();
    expect(refunds.map((index) => index.name).sort()).toEqual(['_id_', 'provider_refund']);
    const payouts = await db.collection('jc_payment_payouts').indexes();
    expect(payouts.map((index) => index.name).sort()).toEqual(['_id_', 'consultant_created', 'status_created']);
    await close();
  });

  it('stores amounts and instants as int64, never as a double', async () => {
    const { store, db, close } = await storeInFreshDb();
    await store.insertOrder(anOrder());
    await store.claimPayment('order-1', 'pay_1', 1_700_000_050_000);
    const raw = await db.collection('jc_payment_orders').findOne({}, { promoteLongs: false });
    expect([raw?.amount, raw?.createdAt, raw?.paidAt].every((value) => value instanceof Long)).toBe(true);
    await close();
  });

  it('stores payout amounts and instants as int64, never as a double', async () => {
    const { db, close } = await storeInFreshDb();
    const store = createMongoPayoutStore({ db });
    await store.insertPayout(aPayout());
    await store.transitionPayout('payout-1', { from: ['requested'], to: 'paid', settledAt: 1_700_000_050_000 });
    const raw = await db.collection('jc_payment_payouts').findOne({}, { promoteLongs: false });
    expect([raw?.amount, raw?.createdAt, raw?.settledAt].every((value) => value instanceof Long)).toBe(true);
    await close();
  });

  it('a database migrated before payouts existed gains their collection and keeps its orders', async () => {
    const { store, db, close } = await storeInFreshDb();
    await store.insertOrder(anOrder());
    await db.collection('jc_payment_payouts').drop(); // as the previous version left it
    await migratePaymentCollections({ db });
    expect(await store.getOrder('order-1')).toEqual(anOrder());
    expect(await createMongoPayoutStore({ db }).insertPayout(aPayout())).toMatchObject({ inserted: true });
    await close();
  });
});
