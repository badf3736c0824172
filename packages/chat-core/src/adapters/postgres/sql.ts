import type { Side } from '../../types.js';
import type { ChatTables } from './schema.js';

const SIDES: readonly Side[] = ['user', 'consultant'];

/** Every statement of the PostgreSQL adapter, with a fixed text per schema (so each can stay prepared). */
export function chatStatements(t: ChatTables) {
  const perSide = <T>(build: (side: Side) => T) =>
    Object.fromEntries(SIDES.map((side) => [side, build(side)])) as Record<Side, T>;
  const list = (side: Side, paged: boolean) =>
    `SELECT c.*, to_jsonb(m) AS last_message,
       (SELECT count(*) FROM ${t.messages} u WHERE u.conversation_id = c.id AND u.seq > c.${side}_read_seq
          AND u.author_id <> $1 AND u.deleted_at IS NULL) AS unread
     FROM ${t.conversations} c LEFT JOIN ${t.messages} m ON m.conversation_id = c.id AND m.seq = c.last_seq
     WHERE c.${side}_id = $1 ${paged ? 'AND (c.last_activity_at, c.id) < ($3, $4)' : ''}
     ORDER BY c.last_activity_at DESC, c.id DESC LIMIT $2`;
  return {
    insertConversation: `INSERT INTO ${t.conversations} (id, user_id, consultant_id, created_at, last_activity_at)
       VALUES ($1, $2, $3, $4, $4) ON CONFLICT (user_id, consultant_id) DO NOTHING`,
    conversationByPair: `SELECT * FROM ${t.conversations} WHERE user_id = $1 AND consultant_id = $2`,
    linkSession: `UPDATE ${t.conversations}
       SET session_ids = CASE WHEN $3 = ANY (session_ids) THEN session_ids ELSE array_append(session_ids, $3::text) END
       WHERE user_id = $1 AND consultant_id = $2 RETURNING *`,
    conversation: `SELECT * FROM ${t.conversations} WHERE id = $1`,
    listFirst: perSide((side) => list(side, false)),
    listAfter: perSide((side) => list(side, true)),
    setBirthDetails: `UPDATE ${t.conversations} SET birth_details = $2::jsonb WHERE id = $1 RETURNING *`,
    // The conversation row's lock serializes senders; a duplicate client id aborts the whole statement.
    append: `WITH next AS (
         UPDATE ${t.conversations} SET last_seq = last_seq + 1, last_activity_at = GREATEST(last_activity_at, $11::bigint)
         WHERE id = $1 AND NOT EXISTS (
           SELECT 1 FROM ${t.messages} WHERE conversation_id = $1 AND client_message_id = $2)
         RETURNING last_seq)
       INSERT INTO ${t.messages} (conversation_id, seq, client_message_id, fingerprint, author_id, author_role, kind,
         text, reply_to, attachment, event, created_at)
       SELECT $1::text, next.last_seq, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::bigint,
         $9::jsonb, $10::jsonb, $11::bigint FROM next
       RETURNING *`,
    messageByClientId: `SELECT * FROM ${t.messages} WHERE conversation_id = $1 AND client_message_id = $2`,
    message: `SELECT * FROM ${t.messages} WHERE conversation_id = $1 AND seq = $2`,
    historyAfter: `SELECT * FROM ${t.messages} WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    historyBefore: `SELECT * FROM (SELECT * FROM ${t.messages} WHERE conversation_id = $1 AND seq < $2
         ORDER BY seq DESC LIMIT $3) page ORDER BY seq`,
    edit: `UPDATE ${t.messages} SET text = $3, edited_at = $4
       WHERE conversation_id = $1 AND seq = $2 AND deleted_at IS NULL RETURNING *`,
    delete: `UPDATE ${t.messages} SET text = '', attachment = NULL, deleted_at = $3
       WHERE conversation_id = $1 AND seq = $2 AND deleted_at IS NULL RETURNING *`,
    react: perSide(
      (side) => `UPDATE ${t.messages} SET ${side}_reaction = $3
         WHERE conversation_id = $1 AND seq = $2 AND deleted_at IS NULL RETURNING *`,
    ),
    markRead: perSide(
      (side) => `UPDATE ${t.conversations} SET ${side}_read_seq = GREATEST(${side}_read_seq, $2)
         WHERE id = $1 RETURNING *`,
    ),
  };
}
