import { isDuplicateKey, snapshotTransactionOptions } from '@jyotishconnect/core/mongodb';
import type { Db, Filter, MongoClient, UpdateFilter } from 'mongodb';
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
import { type ConversationDoc, type MessageDoc, newMessageDoc, toConversation, toMessage } from './documents.js';
import { type ChatCollections, chatCollections, migrateChatCollections } from './schema.js';

/** Options of {@link createMongoChatStore}. */
export interface MongoChatStoreOptions {
  /** A client of a replica set or sharded cluster: a send is a multi-document transaction. */
  client: MongoClient;
  /** The database, or its name on `client`. */
  db: Db | string;
  /** Prefix of the collection names; defaults to `jc_chat_`. */
  collectionPrefix?: string;
}

const AFTER = { returnDocument: 'after' } as const;

/**
 * A {@link ChatStore} on MongoDB through the official driver. A send is one
 * transaction (a replica set is required): look up the client message id,
 * `$inc` the conversation's `lastSeq` with `findOneAndUpdate`, insert the
 * message. Unique indexes on (conversation, seq) and (conversation, client
 * message id) back the sequence and idempotency up. Run
 * {@link MongoChatStore.migrate} once first.
 */
export class MongoChatStore implements ChatStore {
  readonly #client: MongoClient;
  readonly #db: Db;
  readonly #collections: ChatCollections;

  constructor(options: MongoChatStoreOptions) {
    this.#client = options.client;
    this.#db = typeof options.db === 'string' ? options.client.db(options.db) : options.db;
    this.#collections = chatCollections(this.#db, options.collectionPrefix ?? 'jc_chat_');
  }

  /** Creates the collections and indexes; idempotent, safe to run at every start. */
  async migrate(): Promise<void> {
    await migrateChatCollections(this.#db, this.#collections);
  }

  async openConversation(draft: NewConversation, sessionId: string | null): Promise<Conversation> {
    const { conversations } = this.#collections;
    const pair = { userId: draft.userId, consultantId: draft.consultantId };
    try {
      await conversations.updateOne(
        pair,
        {
          $setOnInsert: {
            _id: draft.id,
            createdAt: draft.createdAt,
            lastActivityAt: draft.createdAt,
            lastSeq: 0,
            readSeq: { user: 0, consultant: 0 },
            sessionIds: [],
            birthDetails: null,
          },
        },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // a concurrent open created it
    }
    const doc =
      sessionId === null
        ? await conversations.findOne(pair)
        : await conversations.findOneAndUpdate(pair, { $addToSet: { sessionIds: sessionId } }, AFTER);
    if (!doc) throw new Error(`conversation of ${draft.userId} and ${draft.consultantId} vanished`);
    return toConversation(doc);
  }

  async getConversation(id: string): Promise<Conversation | null> {
    const doc = await this.#collections.conversations.findOne({ _id: id });
    return doc ? toConversation(doc) : null;
  }

  async listConversations(
    side: Side,
    participantId: string,
    query: { readonly limit: number; readonly cursor: ActivityCursor | null },
  ): Promise<ConversationSummary[]> {
    const { conversations, messages } = this.#collections;
    const filter: Filter<ConversationDoc> =
      side === 'user' ? { userId: participantId } : { consultantId: participantId };
    const { cursor } = query;
    if (cursor) {
      filter.$or = [{ lastActivityAt: { $lt: cursor.at } }, { lastActivityAt: cursor.at, _id: { $lt: cursor.id } }];
    }
    const docs = await conversations.find(filter).sort({ lastActivityAt: -1, _id: -1 }).limit(query.limit).toArray();
    const withMessages = docs.filter((doc) => doc.lastSeq > 0);
    const lastDocs =
      withMessages.length === 0
        ? []
        : await messages
            .find({ $or: withMessages.map((doc) => ({ conversationId: doc._id, seq: doc.lastSeq })) })
            .toArray();
    const last = new Map(lastDocs.map((doc) => [doc.conversationId, toMessage(doc)]));
    const unread = await Promise.all(
      docs.map((doc) =>
        doc.lastSeq <= doc.readSeq[side]
          ? 0
          : messages.countDocuments({
              conversationId: doc._id,
              seq: { $gt: doc.readSeq[side] },
              authorId: { $ne: participantId },
              deletedAt: null,
            }),
      ),
    );
    return docs.map((doc, index) => ({
      conversation: toConversation(doc),
      lastMessage: last.get(doc._id) ?? null,
      unread: unread[index] ?? 0,
    }));
  }

  async setBirthDetails(conversationId: string, details: BirthDetails): Promise<Conversation | null> {
    const doc = await this.#collections.conversations.findOneAndUpdate(
      { _id: conversationId },
      { $set: { birthDetails: details } },
      AFTER,
    );
    return doc ? toConversation(doc) : null;
  }

  async appendMessage(draft: NewMessage): Promise<AppendOutcome | null> {
    const { conversations, messages } = this.#collections;
    const key = { conversationId: draft.conversationId, clientMessageId: draft.clientMessageId };
    try {
      // Two sends that both `$inc` one conversation conflict under snapshot reads; the
      // rerun sees the other's sequence, so none is skipped or repeated.
      const created = await this.#client.withSession((session) =>
        session.withTransaction(async () => {
          if (await messages.findOne(key, { session, projection: { _id: 1 } })) return 'duplicate' as const;
          const conversation = await conversations.findOneAndUpdate(
            { _id: draft.conversationId },
            { $inc: { lastSeq: 1 }, $max: { lastActivityAt: draft.createdAt } },
            { ...AFTER, session },
          );
          if (!conversation) return null;
          const doc = newMessageDoc(draft, conversation.lastSeq);
          await messages.insertOne(doc, { session });
          return doc;
        }, snapshotTransactionOptions),
      );
      if (created === null) return null;
      if (created !== 'duplicate') return { status: 'created', message: toMessage(created) };
    } catch (error) {
      // A concurrent send with the same client id committed first; this transaction was aborted whole.
      if (!isDuplicateKey(error)) throw error;
    }
    const stored = await messages.findOne(key);
    if (!stored) throw new Error(`message ${draft.clientMessageId} was reported as a duplicate but is missing`);
    return { status: 'duplicate', message: toMessage(stored), fingerprint: stored.fingerprint };
  }

  async getMessage(conversationId: string, seq: number): Promise<Message | null> {
    const doc = await this.#collections.messages.findOne({ conversationId, seq });
    return doc ? toMessage(doc) : null;
  }

  async history(conversationId: string, query: HistoryQuery): Promise<Message[]> {
    const { messages } = this.#collections;
    if (query.direction === 'after') {
      const docs = await messages
        .find({ conversationId, seq: { $gt: query.seq } })
        .sort({ seq: 1 })
        .limit(query.limit)
        .toArray();
      return docs.map(toMessage);
    }
    const docs = await messages
      .find({ conversationId, seq: { $lt: query.seq } })
      .sort({ seq: -1 })
      .limit(query.limit)
      .toArray();
    return docs.reverse().map(toMessage);
  }

  async updateMessage(conversationId: string, seq: number, change: MessageChange): Promise<Message | null> {
    let update: UpdateFilter<MessageDoc>;
    if (change.type === 'edit') update = { $set: { text: change.text, editedAt: change.at } };
    else if (change.type === 'delete') update = { $set: { text: '', attachment: null, deletedAt: change.at } };
    else update = { $set: { [`reactions.${change.side}`]: change.emoji } };
    const doc = await this.#collections.messages.findOneAndUpdate(
      { conversationId, seq, deletedAt: null },
      update,
      AFTER,
    );
    return doc ? toMessage(doc) : null;
  }

  async markRead(conversationId: string, side: Side, seq: number): Promise<Conversation | null> {
    const doc = await this.#collections.conversations.findOneAndUpdate(
      { _id: conversationId },
      { $max: { [`readSeq.${side}`]: seq } },
      AFTER,
    );
    return doc ? toConversation(doc) : null;
  }
}

/**
 * Creates a chat store on a MongoDB replica set; call `migrate()` once before use.
 *
 * @example
 * ```ts
 * const client = new MongoClient(process.env.MONGODB_URI ?? 'mongodb://localhost:27017/?replicaSet=rs0');
 * const store = createMongoChatStore({ client, db: 'jyotish' });
 * await store.migrate();
 * ```
 */
export function createMongoChatStore(options: MongoChatStoreOptions): MongoChatStore {
  return new MongoChatStore(options);
}
