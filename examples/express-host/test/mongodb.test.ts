import { randomUUID } from 'node:crypto';
import { describeWithMongo } from '@jyotishconnect/core/testing/suites';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { castOf, MODES, startTestHost } from './helpers.js';
import { restSmokeFlow } from './smoke.js';

describeWithMongo('express host on MongoDB', (mongoUri) => {
  describe.each(MODES)('in %s mode (manual clock)', (mode) => {
    const client = new MongoClient(mongoUri);
    const databases: string[] = [];
    afterAll(async () => {
      for (const name of databases) await client.db(name).dropDatabase();
      await client.close();
    });

    /** A database of its own per test, dropped at the end. */
    function freshDb(): string {
      const name = `jc_host_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      databases.push(name);
      return name;
    }

    it('runs the REST smoke flow with every store on MongoDB, and keeps it across a restart', async () => {
      const env = { STORE: 'mongodb', MONGODB_URI: mongoUri, MONGODB_DB: freshDb() };
      const first = await startTestHost(mode, { env });
      const cast = await castOf(first);
      let result: Awaited<ReturnType<typeof restSmokeFlow>>;
      try {
        const ready = await first.call('GET', '/readyz');
        expect(ready.body).toMatchObject({ status: 'ready', store: 'mongodb' });
        result = await restSmokeFlow(first, cast);
      } finally {
        await first.close();
      }

      // A second start migrates again (idempotent), seeds again in demo mode (idempotent) and reads what the first kept.
      const second = await startTestHost(mode, { env });
      try {
        const kiran = await second.login(result.email, result.password);
        expect((await second.call('GET', '/api/me', { token: kiran })).body.email).toBe(result.email);
        const asha = await second.login(cast.asha.email, cast.asha.password);
        expect((await second.call('GET', '/api/wallet', { token: asha })).body.balance).toBe(result.ashaBalance);
        const session = await second.call('GET', `/api/consultations/${result.sessionId}`, { token: asha });
        expect(session.body.invoice).toMatchObject({ charged: 1_500, net: 1_500 });
        const rated = await second.call('POST', `/api/consultations/${result.sessionId}/rating`, {
          token: asha,
          body: { stars: 4 },
        });
        expect(rated.body.error.code).toBe('ALREADY_RATED');
      } finally {
        await second.close();
      }
    });

    it('stores money and times as int64 and enforces the unique indexes', async () => {
      const name = freshDb();
      const t = await startTestHost(mode, { env: { STORE: 'mongodb', MONGODB_URI: mongoUri, MONGODB_DB: name } });
      try {
        const token = (await castOf(t)).asha.token;
        const order = await t.call('POST', '/api/payments/orders', { token, body: { amount: 5_000 } });
        expect(order.status).toBe(201);
      } finally {
        await t.close();
      }
      const db = client.db(name);
      const stored = await db
        .collection('jc_payment_orders')
        .findOne({}, { promoteLongs: false, projection: { amount: 1, createdAt: 1 } });
      expect(stored?.amount?._bsontype).toBe('Long');
      expect(stored?.createdAt?._bsontype).toBe('Long');
      const indexes = (await db.collection('jc_host_users').indexes()).map((index) => index.name);
      expect(indexes).toContain('email');
      const ratingIndexes = await db.collection('jc_host_ratings').indexes();
      expect(ratingIndexes.find((index) => index.name === 'session')?.unique).toBe(true);
    });
  });
});
