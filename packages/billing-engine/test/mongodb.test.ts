import { randomUUID } from 'node:crypto';
import { createMongoBillingStore } from '@jyotishconnect/billing-engine/mongodb';
import { billingReportContract, billingStoreContract } from '@jyotishconnect/billing-engine/testing';
import { describeWithMongo } from '@jyotishconnect/core/testing/suites';
import { MongoClient } from 'mongodb';
import { afterAll, expect, it } from 'vitest';
import { chatRequest } from './chat-request.js';

describeWithMongo('mongodb', (mongoUri) => {
  const client = new MongoClient(mongoUri);
  afterAll(() => client.close());

  /** A migrated store in a database of its own, so tests never see each other's sessions. */
  async function storeInFreshDb() {
    const db = client.db(`jc_billing_${randomUUID().replaceAll('-', '').slice(0, 20)}`);
    const store = createMongoBillingStore({ client, db });
    await store.migrate();
    return { store, db, close: async () => void (await db.dropDatabase()) };
  }

  billingStoreContract('mongodb', storeInFreshDb);
  billingReportContract('mongodb', storeInFreshDb);

  it('migrating twice leaves one set of indexes', async () => {
    const { store, db, close } = await storeInFreshDb();
    await store.migrate();
    const indexes = await db.collection('jc_billing_sessions').indexes();
    expect(indexes.map((index) => index.name).sort()).toEqual([
      '_id_',
      'accepted_at',
      'lease',
      'open_consultant',
      'open_user',
      'user_accepted',
    ]);
    await close();
  });

  it('stores money and instants as int64, never as a double', async () => {
    const { store, db, close } = await storeInFreshDb();
    const session = chatRequest('s1', Date.UTC(2026, 0, 1));
    await store.insertSession(session, { maxOpenPerConsultant: 1 });
    const [types] = await db
      .collection('jc_billing_sessions')
      .aggregate([{ $project: { rate: { $type: '$ratePerMinute' }, at: { $type: '$requestedAt' } } }])
      .toArray();
    expect(types).toMatchObject({ rate: 'long', at: 'long' });
    await close();
  });
});
