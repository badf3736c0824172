import { type Collection, type Db, MongoServerError } from 'mongodb';
import type { ConversationDoc, MessageDoc } from './documents.js';

const NAMESPACE_EXISTS = 48;

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
  // MongoDB 4.2 cannot create a collection inside a multi-document transaction.
  const existing = await db.listCollections({}, { nameOnly: true }).toArray();
  const names = new Set(existing.map((collection) => collection.name));
  for (const collection of Object.values(collections) as Collection[]) {
    if (names.has(collection.collectionName)) continue;
    try {
      await db.createCollection(collection.collectionName, { writeConcern: { w: 'majority' } });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error; // a concurrent migrate won
    }
  }
  const { conversations, messages } = collections;
  await conversations.createIndex({ userId: 1, consultantId: 1 }, { unique: true, name: 'pair' });
  await conversations.createIndex({ userId: 1, lastActivityAt: -1, _id: -1 }, { name: 'user_activity' });
  await conversations.createIndex({ consultantId: 1, lastActivityAt: -1, _id: -1 }, { name: 'consultant_activity' });
  await messages.createIndex({ conversationId: 1, seq: 1 }, { unique: true, name: 'sequence' });
  await messages.createIndex({ conversationId: 1, clientMessageId: 1 }, { unique: true, name: 'client_message_id' });
}
