import type { BirthDetails, Conversation, Message } from '../../types.js';

/** A row as the driver returns it: `bigint` columns arrive as strings from node-postgres. */
export type Row = Record<string, unknown>;

/** Maps a `jc_chat_conversations` row. */
export function toConversation(row: Row): Conversation {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    consultantId: String(row.consultant_id),
    createdAt: Number(row.created_at),
    lastActivityAt: Number(row.last_activity_at),
    lastSeq: Number(row.last_seq),
    readSeq: { user: Number(row.user_read_seq), consultant: Number(row.consultant_read_seq) },
    sessionIds: (row.session_ids as string[] | null) ?? [],
    birthDetails: (row.birth_details as BirthDetails | null) ?? null,
  };
}

/** Maps a `jc_chat_messages` row, or its `to_jsonb` form (numbers already parsed). */
export function toMessage(row: Row): Message {
  return {
    conversationId: String(row.conversation_id),
    seq: Number(row.seq),
    clientMessageId: String(row.client_message_id),
    authorId: String(row.author_id),
    authorRole: row.author_role as Message['authorRole'],
    kind: row.kind as Message['kind'],
    text: String(row.text),
    replyTo: nullableNumber(row.reply_to),
    attachment: (row.attachment as Message['attachment']) ?? null,
    event: (row.event as Message['event']) ?? null,
    reactions: {
      user: (row.user_reaction as string | null) ?? null,
      consultant: (row.consultant_reaction as string | null) ?? null,
    },
    createdAt: Number(row.created_at),
    editedAt: nullableNumber(row.edited_at),
    deletedAt: nullableNumber(row.deleted_at),
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
