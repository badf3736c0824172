import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { type ChatStore, createChat } from '@jyotishconnect/chat-core';
import { createPostgresChatStore, migrateChatStore } from '@jyotishconnect/chat-core/postgres';
import { chatStoreContract, createFixture } from '@jyotishconnect/chat-core/testing';
import { fromPGlite, fromPg, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const randomSchema = () => `chat_${randomUUID().replaceAll('-', '')}`;

/** A store in a fresh schema, so tests share one database without seeing each other's conversations. */
async function storeInFreshSchema(db: SqlExecutor) {
  const schema = randomSchema();
  await migrateChatStore(db, { schema });
  return {
    store: createPostgresChatStore({ db, schema }),
    schema,
    close: async () => void (await db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`)),
  };
}

describe('postgres (PGlite)', () => {
  const lite = new PGlite();
  const db = fromPGlite(lite);
  afterAll(async () => await lite.close());

  chatStoreContract('postgres (PGlite)', () => storeInFreshSchema(db), { modelRuns: 25, concurrentSends: 100 });

  it('migrating twice is harmless', async () => {
    const schema = randomSchema();
    await migrateChatStore(db, { schema });
    await migrateChatStore(db, { schema });
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.jc_migrations WHERE component = 'chat-core'`,
    );
    expect(rows[0]?.n).toBe(1);
  });
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  const pools: pg.Pool[] = [];
  const schemas: string[] = [];
  const pool = (max: number) => {
    const created = new pg.Pool({ connectionString: postgresUrl, max });
    pools.push(created);
    return created;
  };
  const shared = fromPg(pool(8));
  afterAll(async () => {
    for (const schema of schemas) await shared.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    for (const created of pools) await created.end();
  });

  chatStoreContract('postgres (server)', () => storeInFreshSchema(shared), { modelRuns: 25 });

  it('a retry racing its original in another process neither duplicates nor leaves a gap', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    await migrateChatStore(shared, { schema });
    const [first, second] = [pool(2), pool(2)].map((p) =>
      createChat({ store: createPostgresChatStore({ db: fromPg(p), schema }) }),
    );
    const fixture = await createFixture(createPostgresChatStore({ db: shared, schema }));
    const conversationId = fixture.conversation.id;
    await fixture.chat.send(fixture.user, { conversationId, clientMessageId: 'warm', text: 'warm up caches' });
    await first?.getConversation(fixture.user, conversationId);
    await second?.getConversation(fixture.user, conversationId);
    // Hold the conversation row so both sends take their snapshot, then queue on its lock.
    const blocker = await pools[0]?.connect();
    if (!blocker || !first || !second) throw new Error('setup failed');
    await blocker.query('BEGIN');
    await blocker.query(`SELECT 1 FROM ${quoteIdent(schema)}.jc_chat_conversations WHERE id = $1 FOR UPDATE`, [
      conversationId,
    ]);
    const input = { conversationId, clientMessageId: 'raced', text: 'same message' };
    const sends = [first.send(fixture.user, input), second.send(fixture.user, input)];
    for (;;) {
      const { rows } = await shared.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%WITH next AS%'",
      );
      if ((rows[0]?.n ?? 0) >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await blocker.query('COMMIT');
    blocker.release();
    const [a, b] = await Promise.all(sends);
    expect(a).toEqual(b);
    const next = await fixture.chat.send(fixture.consultant, {
      conversationId,
      clientMessageId: 'after',
      text: 'next',
    });
    expect([a?.seq, next.seq]).toEqual([2, 3]);
  });

  it('senders in several processes on one conversation get a gap-free sequence', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    await migrateChatStore(shared, { schema });
    // Four "processes": each its own pool of connections, store and chat.
    const processes = [0, 1, 2, 3].map(() => createPostgresChatStore({ db: fromPg(pool(4)), schema }));
    const fixture = await createFixture(processes[0] as ChatStore);
    const chats = processes.map((store) => createChat({ store }));
    const perProcess = 60;
    // Every process sends its own messages and, interleaved, the same shared
    // ones: a client retrying one send through every process at once.
    const sends = chats.flatMap((chat, p) =>
      Array.from({ length: perProcess }, (_, i) => [
        chat.send(i % 2 === 0 ? fixture.user : fixture.consultant, {
          conversationId: fixture.conversation.id,
          clientMessageId: `p${p}-${i}`,
          text: `from ${p}: ${i}`,
        }),
        chat.send(fixture.user, {
          conversationId: fixture.conversation.id,
          clientMessageId: `s${i}`,
          text: `shared ${i}`,
        }),
      ]).flat(),
    );
    const stored = await Promise.all(sends);
    const total = 5 * perProcess;
    const seqs = [...new Set(stored.map((m) => m.seq))].sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const { rows } = await shared.query<{ n: number; max: number }>(
      `SELECT count(*)::int AS n, max(seq)::int AS max FROM ${quoteIdent(schema)}.jc_chat_messages`,
    );
    expect(rows[0]).toEqual({ n: total, max: total });
    const conversation = await fixture.chat.getConversation(fixture.user, fixture.conversation.id);
    expect(conversation.lastSeq).toBe(total);
  });
});
