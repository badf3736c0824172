import { randomUUID } from 'node:crypto';
import { createChat } from '@jyotishconnect/chat-core';
import { createMongoChatStore } from '@jyotishconnect/chat-core/mongodb';
import { chatStoreContract, createFixture } from '@jyotishconnect/chat-core/testing';
import { describeWithMongo } from '@jyotishconnect/core/testing/suites';
import { MongoClient } from 'mongodb';
import { afterAll, expect, it } from 'vitest';

describeWithMongo('mongodb', (mongoUri) => {
  const client = new MongoClient(mongoUri);
  afterAll(() => client.close());

  /** A migrated store in a database of its own, so tests never see each other's conversations. */
  async function storeInFreshDb(on: MongoClient = client) {
    const db = on.db(`jc_test_${randomUUID().replaceAll('-', '').slice(0, 20)}`);
    const store = createMongoChatStore({ client: on, db });
    await store.migrate();
    return { store, db, close: async () => void (await db.dropDatabase()) };
  }

  // Each send is a transaction of a few round trips: fewer randomized runs keep the suite under a minute.
  chatStoreContract('mongodb', storeInFreshDb, { modelRuns: 15, concurrentSends: 100 });

  it('migrating twice leaves one set of indexes', async () => {
    const { store, db, close } = await storeInFreshDb();
    await store.migrate();
    const indexes = await db.collection('jc_chat_messages').indexes();
    expect(indexes.map((index) => index.name).sort()).toEqual(['_id_', 'client_message_id', 'sequence']);
    await close();
  });

  it('senders on several clients get a gap-free sequence and retries store once', async () => {
    const { store, db, close } = await storeInFreshDb();
    const others = [new MongoClient(mongoUri), new MongoClient(mongoUri)];
    try {
      const fixture = await createFixture(store);
      const chats = others.map((other) =>
        createChat({ store: createMongoChatStore({ client: other, db: db.databaseName }) }),
      );
      const sends = chats.flatMap((chat, p) =>
        Array.from({ length: 30 }, (_, i) => [
          chat.send(fixture.user, {
            conversationId: fixture.conversation.id,
            clientMessageId: `p${p}-${i}`,
            text: `${i}`,
          }),
          chat.send(fixture.user, {
            conversationId: fixture.conversation.id,
            clientMessageId: `s${i}`,
            text: 'shared',
          }),
        ]).flat(),
      );
      const seqs = [...new Set((await Promise.all(sends)).map((m) => m.seq))].sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
      expect(await db.collection('jc_chat_messages').countDocuments()).toBe(90);
    } finally {
      for (const other of others) await other.close();
      await close();
    }
  });
});
