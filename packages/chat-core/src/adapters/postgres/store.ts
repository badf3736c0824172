import { type QueryOptions, type SqlExecutor, sqlState } from '@jyotishconnect/core';
import type {
  ActivityCursor,
  AppendOutcome,
  ChatStore,
  HistoryQuery,
  MessageChange,
  NewConversation,
  NewMessage,
} from '../../store.js';
import type { BirthDetails, Conversation, ConversationSummary, Message, Side } from '../../types.js';
import { type Row, toConversation, toMessage } from './rows.js';
import { chatTables } from './schema.js';
import { chatStatements } from './sql.js';

/** Every statement has a fixed text per schema: prepared once per connection, planned once. */
const PREPARED: QueryOptions = { prepare: true };

/** Options of {@link createPostgresChatStore}. */
export interface PostgresChatStoreOptions {
  /** `fromPg(pool)` for a PostgreSQL server or `fromPGlite(db)` for embedded PGlite. */
  db: SqlExecutor;
  /** Schema holding the tables created by `migrateChatStore`; defaults to `public`. */
  schema?: string;
}

/**
 * A {@link ChatStore} on PostgreSQL or PGlite through core's `SqlExecutor`.
 * Run `migrateChatStore` first.
 *
 * A send is one statement: the conversation row's `last_seq + 1` feeds the
 * insert through a CTE, and that row's lock serializes concurrent senders in
 * any number of processes. A duplicate client message id fails the whole
 * statement on the unique key, so the sequence never advances for a message
 * that was not stored; `ON CONFLICT DO NOTHING` would leave a gap when a retry
 * races its original (the test suite shows it).
 */
export class PostgresChatStore implements ChatStore {
  readonly #db: SqlExecutor;
  readonly #sql: ReturnType<typeof chatStatements>;

  constructor(options: PostgresChatStoreOptions) {
    this.#db = options.db;
    this.#sql = chatStatements(chatTables(options.schema ?? 'public'));
  }

  async openConversation(draft: NewConversation, sessionId: string | null): Promise<Conversation> {
    const { id, userId, consultantId, createdAt } = draft;
    await this.#db.query(this.#sql.insertConversation, [id, userId, consultantId, createdAt], PREPARED);
    const { rows } =
      sessionId === null
        ? await this.#db.query(this.#sql.conversationByPair, [userId, consultantId], PREPARED)
        : await this.#db.query(this.#sql.linkSession, [userId, consultantId, sessionId], PREPARED);
    return toConversation(rows[0] as Row);
  }

  async getConversation(id: string): Promise<Conversation | null> {
    return this.#conversation(await this.#db.query(this.#sql.conversation, [id], PREPARED));
  }

  async listConversations(
    side: Side,
    participantId: string,
    query: { readonly limit: number; readonly cursor: ActivityCursor | null },
  ): Promise<ConversationSummary[]> {
    const { cursor } = query;
    const { rows } = cursor
      ? await this.#db.query(this.#sql.listAfter[side], [participantId, query.limit, cursor.at, cursor.id], PREPARED)
      : await this.#db.query(this.#sql.listFirst[side], [participantId, query.limit], PREPARED);
    return rows.map((row) => ({
      conversation: toConversation(row),
      lastMessage: row.last_message ? toMessage(row.last_message as Row) : null,
      unread: Number(row.unread),
    }));
  }

  async setBirthDetails(conversationId: string, details: BirthDetails): Promise<Conversation | null> {
    const params = [conversationId, JSON.stringify(details)];
    return this.#conversation(await this.#db.query(this.#sql.setBirthDetails, params, PREPARED));
  }

  async appendMessage(draft: NewMessage): Promise<AppendOutcome | null> {
    const params = [
      draft.conversationId,
      draft.clientMessageId,
      draft.fingerprint,
      draft.authorId,
      draft.authorRole,
      draft.kind,
      draft.text,
      draft.replyTo,
      draft.attachment === null ? null : JSON.stringify(draft.attachment),
      draft.event === null ? null : JSON.stringify(draft.event),
      draft.createdAt,
    ];
    let rows: Row[] = [];
    try {
      ({ rows } = await this.#db.query(this.#sql.append, params, PREPARED));
    } catch (error) {
      // A concurrent send with the same client id committed first; this statement rolled back whole.
      if (sqlState(error) !== '23505') throw error;
    }
    if (rows[0]) return { status: 'created', message: toMessage(rows[0]) };
    const existing = await this.#db.query(
      this.#sql.messageByClientId,
      [draft.conversationId, draft.clientMessageId],
      PREPARED,
    );
    const row = existing.rows[0];
    if (!row) return null; // no such conversation
    return { status: 'duplicate', message: toMessage(row), fingerprint: String(row.fingerprint) };
  }

  async getMessage(conversationId: string, seq: number): Promise<Message | null> {
    return this.#message(await this.#db.query(this.#sql.message, [conversationId, seq], PREPARED));
  }

  async history(conversationId: string, query: HistoryQuery): Promise<Message[]> {
    const text = query.direction === 'after' ? this.#sql.historyAfter : this.#sql.historyBefore;
    const { rows } = await this.#db.query(text, [conversationId, query.seq, query.limit], PREPARED);
    return rows.map(toMessage);
  }

  async updateMessage(conversationId: string, seq: number, change: MessageChange): Promise<Message | null> {
    const key = [conversationId, seq];
    const result =
      change.type === 'edit'
        ? await this.#db.query(this.#sql.edit, [...key, change.text, change.at], PREPARED)
        : change.type === 'delete'
          ? await this.#db.query(this.#sql.delete, [...key, change.at], PREPARED)
          : await this.#db.query(this.#sql.react[change.side], [...key, change.emoji], PREPARED);
    return this.#message(result);
  }

  async markRead(conversationId: string, side: Side, seq: number): Promise<Conversation | null> {
    return this.#conversation(await this.#db.query(this.#sql.markRead[side], [conversationId, seq], PREPARED));
  }

  #conversation({ rows }: { rows: Row[] }): Conversation | null {
    return rows[0] ? toConversation(rows[0]) : null;
  }

  #message({ rows }: { rows: Row[] }): Message | null {
    return rows[0] ? toMessage(rows[0]) : null;
  }
}

/** Creates a PostgreSQL/PGlite chat store over a migrated schema. */
export function createPostgresChatStore(options: PostgresChatStoreOptions): PostgresChatStore {
  return new PostgresChatStore(options);
}
