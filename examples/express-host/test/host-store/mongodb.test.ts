import { randomUUID } from 'node:crypto';
import { describeWithMongo } from '@jyotishconnect/core/testing/suites';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, expect, it } from 'vitest';
import { createMongoHostStore, migrateMongoHostStore } from '../../src/host-store/adapters/mongodb/index.js';
import { aProfile, aSetting, hostStoreContract } from '../../src/host-store/testing/index.js';

describeWithMongo('mongodb', (mongoUri) => {
  const client = new MongoClient(mongoUri);
  afterAll(() => client.close());

  /** A migrated store in a database of its own, dropped by `close`. */
  async function storeInFreshDb() {
    const db = client.db(`jc_host_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
    await migrateMongoHostStore({ db });
    return { db, store: createMongoHostStore({ db }), close: async () => void (await db.dropDatabase()) };
  }

  hostStoreContract('mongodb', storeInFreshDb);

  it('migrating twice leaves one set of indexes', async () => {
    const { db, close } = await storeInFreshDb();
    await migrateMongoHostStore({ db });
    expect(await indexNames(db, 'audit')).toEqual(['_id_', 'newest']);
    expect(await indexNames(db, 'ratings')).toEqual(['_id_', 'consultant_created', 'created', 'session']);
    await close();
  });

  it('stores paise and instants as int64, never as doubles', async () => {
    const { db, store, close } = await storeInFreshDb();
    await store.autoRecharge.set(aSetting());
    await store.directory.upsert(aProfile());
    const notLong = { $not: { $type: 'long' } };
    expect(
      await db
        .collection('jc_host_auto_recharge')
        .countDocuments({ $or: [{ threshold: notLong }, { amount: notLong }] }),
    ).toBe(0);
    expect(await db.collection('jc_host_profiles').countDocuments({ 'rates.video': notLong })).toBe(0);
    await close();
  });
});

async function indexNames(db: Db, collection: string): Promise<string[]> {
  return (await db.collection(`jc_host_${collection}`).indexes()).map((index) => index.name ?? '').sort();
}
