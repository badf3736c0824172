import { createMissingCollections } from '@jyotishconnect/core/mongodb';
import type { Collection, Db } from 'mongodb';
import type { ConversationDoc, MessageDoc } from './documents.js';

/** The chat collections of one store. */
export interface ChatCollections {
  readonly conversations: Collection<ConversationDoc>;
  readonly messages: Collection<MessageDoc>;
}

/** Opens the collections named `prefix + name`, reading from the primary so a write is visible to the next call. */
export function chatCollections(db: Db, prefix: string): ChatCollections {
  const options = { writeConcern: { w: 'majority' as const }, readPreference: 'primary' as const };
  return {
    conversations: db.collection<ConversationDoc>(`${prefix}conversations`, options),
    messages: db.collection<MessageDoc>(`${prefix}messages`, options),
  };
}

/**
 * Creates the collections and indexes, idempotently: one conversation per
 * user and consultant, one message per (conversation, seq) and per
 * (conversation, client message id), and the conversation-list orderings.
 */
export async function migrateChatCollections(db: Db, collections: ChatCollections): Promise<void> {
  await createMissingCollections(db, Object.values(collections));
  const { conversations, messages } = collections;
  await conversations.createIndex({ userId: 1, consultantId: 1 }, { unique: true, name: 'pair' });
  await conversations.createIndex({ userId: 1, lastActivityAt: -1, _id: -1 }, { name: 'user_activity' });
  await conversations.createIndex({ consultantId: 1, lastActivityAt: -1, _id: -1 }, { name: 'consultant_activity' });
  await messages.createIndex({ conversationId: 1, seq: 1 }, { unique: true, name: 'sequence' });
  await messages.createIndex({ conversationId: 1, clientMessageId: 1 }, { unique: true, name: 'client_message_id' });
}
