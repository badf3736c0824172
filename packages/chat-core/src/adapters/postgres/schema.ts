import { type Migration, migrate, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';

/** Schema-qualified names of the chat-core tables. */
export interface ChatTables {
  readonly conversations: string;
  readonly messages: string;
}

/** Qualifies every chat-core table with `schema`. */
export function chatTables(schema: string): ChatTables {
  const s = quoteIdent(schema);
  return { conversations: `${s}.jc_chat_conversations`, messages: `${s}.jc_chat_messages` };
}

/** The chat tables' migrations, in order. Ids sort by `COLLATE "C"` (code points), as the memory adapter does. */
function chatMigrations(schema: string): Migration[] {
  const t = chatTables(schema);
  return [
    {
      version: 1,
      statements: [
        `CREATE TABLE ${t.conversations} (
           id text COLLATE "C" PRIMARY KEY,
           user_id text NOT NULL,
           consultant_id text NOT NULL,
           created_at bigint NOT NULL,
           last_activity_at bigint NOT NULL,
           last_seq bigint NOT NULL DEFAULT 0,
           user_read_seq bigint NOT NULL DEFAULT 0,
           consultant_read_seq bigint NOT NULL DEFAULT 0,
           session_ids text[] NOT NULL DEFAULT '{}',
           birth_details jsonb,
           CONSTRAINT jc_chat_conversations_pair UNIQUE (user_id, consultant_id))`,
        `CREATE INDEX jc_chat_conversations_user_activity
           ON ${t.conversations} (user_id, last_activity_at DESC, id DESC)`,
        `CREATE INDEX jc_chat_conversations_consultant_activity
           ON ${t.conversations} (consultant_id, last_activity_at DESC, id DESC)`,
        `CREATE TABLE ${t.messages} (
           conversation_id text COLLATE "C" NOT NULL REFERENCES ${t.conversations} (id),
           seq bigint NOT NULL CHECK (seq > 0),
           client_message_id text NOT NULL,
           fingerprint text NOT NULL,
           author_id text NOT NULL,
           author_role text NOT NULL,
           kind text NOT NULL,
           text text NOT NULL,
           reply_to bigint,
           attachment jsonb,
           event jsonb,
           user_reaction text,
           consultant_reaction text,
           created_at bigint NOT NULL,
           edited_at bigint,
           deleted_at bigint,
           PRIMARY KEY (conversation_id, seq),
           CONSTRAINT jc_chat_messages_client_id UNIQUE (conversation_id, client_message_id))`,
      ],
    },
  ];
}

/**
 * Creates or upgrades the chat tables in `schema` (default `public`).
 * Idempotent, and safe when several processes start at once.
 *
 * @example
 * ```ts
 * const db = fromPGlite(await PGlite.create('./data'));
 * await migrateChatStore(db);
 * const store = createPostgresChatStore({ db });
 * ```
 */
export async function migrateChatStore(db: SqlExecutor, options: { schema?: string } = {}): Promise<void> {
  const schema = options.schema ?? 'public';
  await migrate(db, { schema, component: 'chat-core', migrations: chatMigrations(schema) });
}
