/**
 * `pnpm bench chat`: stored messages per second.
 *
 * - memory, one hot conversation: one caller awaiting each `chat.send` (validation, authorization,
 *   sequence allocation, idempotency index, event emit), after a warm-up;
 * - memory, 10,000 conversations: the same sends spread round-robin over them;
 * - memory, history: `chat.history` pages of 50 backwards from random sequences of the hot conversation;
 * - PostgreSQL server (`DATABASE_URL`, else a throwaway cluster from the local binaries, fsync on
 *   unless BENCH_FSYNC=off): C concurrent callers on a pool of C connections, sends spread over 1,000
 *   conversations, then all on one hot conversation (its row lock serializes them);
 * - a bare array-push loop of message-shaped objects as the JS ceiling.
 *
 * Human-readable lines first; the last line of stdout is one JSON object.
 * Knobs (env): BENCH_CLIENTS (16), BENCH_MEMORY_SECONDS (2), BENCH_PG_SECONDS (4), BENCH_FSYNC (on).
 */
import { randomUUID } from 'node:crypto';
import { type Chat, createChat, type Participant } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { createPostgresChatStore, migrateChatStore } from '@jyotishconnect/chat-core/postgres';
import { fromPg, quoteIdent } from '@jyotishconnect/core';
import pg from 'pg';
import { envNumber } from './lib/common.js';
import { withBenchPostgres } from './lib/postgres-server.js';

const CLIENTS = envNumber('BENCH_CLIENTS', 16);
const MEMORY_SECONDS = envNumber('BENCH_MEMORY_SECONDS', 2);
const PG_SECONDS = envNumber('BENCH_PG_SECONDS', 4);
const SPREAD = 10_000;
const PG_SPREAD = 1_000;
const MAX_OPS = 2_000_000; // bounds memory use of the in-memory phases
const TEXT = 'Namaste guruji, what does Saturn in my seventh house mean for marriage?';

interface Rate {
  ops: number;
  seconds: number;
  perSec: number;
}

/** Runs `op` back to back for about `seconds` (checking the clock every 256 ops). */
async function timed(seconds: number, op: (i: number) => Promise<unknown> | unknown): Promise<Rate> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let ops = 0;
  while (ops < MAX_OPS) {
    for (let k = 0; k < 256; k++) await op(ops++);
    if (performance.now() >= deadline) break;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { ops, seconds: elapsed, perSec: Math.round(ops / elapsed) };
}

/** The JS ceiling: push message-shaped objects into an array, nothing else. */
function bareArrayPush(seconds: number): Rate {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let messages: object[] = [];
  let ops = 0;
  while (ops < MAX_OPS * 5) {
    for (let k = 0; k < 4096; k++, ops++) {
      messages.push({ conversationId: 'c', seq: messages.length + 1, clientMessageId: `m${ops}`, text: TEXT });
    }
    if (messages.length > 1_000_000) messages = [];
    if (performance.now() >= deadline) break;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { ops, seconds: elapsed, perSec: Math.round(ops / elapsed) };
}

async function openConversations(chat: Chat, user: Participant, count: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await chat.openConversation(user, { userId: user.id, consultantId: `${tag}-consultant-${i}` })).id);
  }
  return ids;
}

async function memoryPhases() {
  const chat = createChat({ store: createMemoryChatStore() });
  const user: Participant = { id: 'bench-user', role: 'user' };
  const [hot] = await openConversations(chat, user, 1, 'hot');
  const conversationId = hot as string;
  const send = (i: number) => chat.send(user, { conversationId, clientMessageId: `m${i}`, text: TEXT });
  await timed(0.3, (i) => chat.send(user, { conversationId, clientMessageId: `warm${i}`, text: TEXT }));
  const hotRate = await timed(MEMORY_SECONDS, send);

  const spreadChat = createChat({ store: createMemoryChatStore() });
  const spread = await openConversations(spreadChat, user, SPREAD, 'spread');
  const spreadSend = (i: number) =>
    spreadChat.send(user, { conversationId: spread[i % SPREAD] as string, clientMessageId: `m${i}`, text: TEXT });
  await timed(0.3, (i) => spreadSend(i + MAX_OPS));
  const spreadRate = await timed(MEMORY_SECONDS, spreadSend);

  const last = hotRate.ops + 1;
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const pages = await timed(MEMORY_SECONDS, () =>
    chat.history(user, conversationId, { before: 1 + (random() % last), limit: 50 }),
  );
  return { hotRate, spreadRate, pages };
}

async function postgresPhases(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  pool.on('error', () => {}); // idle connections dropped while the throwaway server stops
  const db = fromPg(pool);
  const schema = `bench_chat_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  try {
    await migrateChatStore(db, { schema });
    const chat = createChat({ store: createPostgresChatStore({ db, schema }) });
    const user: Participant = { id: 'bench-user', role: 'user' };
    const spread = await openConversations(chat, user, PG_SPREAD, 'pg');
    const [hot] = await openConversations(chat, user, 1, 'pg-hot');
    const concurrently = async (seconds: number, target: (caller: number, i: number) => string) => {
      const rates = await Promise.all(
        Array.from({ length: CLIENTS }, (_, caller) =>
          timed(seconds, (i) =>
            chat.send(user, { conversationId: target(caller, i), clientMessageId: `c${caller}-${i}`, text: TEXT }),
          ),
        ),
      );
      const ops = rates.reduce((sum, rate) => sum + rate.ops, 0);
      const elapsed = Math.max(...rates.map((rate) => rate.seconds));
      return { ops, seconds: elapsed, perSec: Math.round(ops / elapsed) };
    };
    const pick = (caller: number, i: number) => spread[(caller * 7919 + i) % PG_SPREAD] as string;
    const spreadRate = await concurrently(PG_SECONDS, pick);
    const hotRate = await concurrently(PG_SECONDS / 2, () => hot as string);
    return { spreadRate, hotRate };
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => {});
    await pool.end();
  }
}

const format = (rate: Rate) =>
  `${rate.perSec.toLocaleString('en-US')}/s (${rate.ops.toLocaleString('en-US')} in ${rate.seconds.toFixed(2)} s)`;

const bare = bareArrayPush(1);
console.log(`bare array push (JS ceiling):          ${format(bare)}`);
const memory = await memoryPhases();
console.log(`memory sends, one hot conversation:    ${format(memory.hotRate)}`);
console.log(`memory sends, ${SPREAD.toLocaleString('en-US')} conversations:   ${format(memory.spreadRate)}`);
console.log(`memory history pages of 50:            ${format(memory.pages)}`);

const postgres = await withBenchPostgres('postgres', async ({ url, fsync }) => {
  const result = await postgresPhases(url);
  console.log(
    `postgres sends (fsync ${fsync}), ${CLIENTS} callers, ${PG_SPREAD} conversations: ${format(result.spreadRate)}`,
  );
  console.log(`postgres sends (fsync ${fsync}), ${CLIENTS} callers, one hot conversation: ${format(result.hotRate)}`);
  return { sendsPerSec: result.spreadRate.perSec, fsync };
});

console.log(
  JSON.stringify({
    bench: 'chat',
    sendsPerSec: memory.hotRate.perSec,
    spreadSendsPerSec: memory.spreadRate.perSec,
    pageReadsPerSec: memory.pages.perSec,
    pgSendsPerSec: postgres?.sendsPerSec ?? null,
    pgFsync: postgres?.fsync ?? null,
    bareArrayPerSec: bare.perSec,
  }),
);
