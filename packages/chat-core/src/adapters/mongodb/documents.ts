import type { NewMessage } from '../../store.js';
import type { BirthDetails, Conversation, Message, Reactions, ReadState } from '../../types.js';

/** A conversation as stored: the id is the `_id`. */
export interface ConversationDoc {
  _id: string;
  userId: string;
  consultantId: string;
  createdAt: number;
  lastActivityAt: number;
  lastSeq: number;
  readSeq: ReadState;
  sessionIds: string[];
  birthDetails: BirthDetails | null;
}

/** A message as stored, with the fingerprint of the request that created it. */
export interface MessageDoc extends Omit<Message, 'reactions'> {
  fingerprint: string;
  reactions: Reactions;
}

/** The port's view of a conversation document. */
export function toConversation(doc: ConversationDoc): Conversation {
  return {
    id: doc._id,
    userId: doc.userId,
    consultantId: doc.consultantId,
    createdAt: Number(doc.createdAt),
    lastActivityAt: Number(doc.lastActivityAt),
    lastSeq: Number(doc.lastSeq),
    readSeq: { user: Number(doc.readSeq.user), consultant: Number(doc.readSeq.consultant) },
    sessionIds: doc.sessionIds,
    birthDetails: doc.birthDetails ?? null,
  };
}

/** The port's view of a message document (without `_id` and fingerprint). */
export function toMessage(doc: MessageDoc): Message {
  return {
    conversationId: doc.conversationId,
    seq: Number(doc.seq),
    clientMessageId: doc.clientMessageId,
    authorId: doc.authorId,
    authorRole: doc.authorRole,
    kind: doc.kind,
    text: doc.text,
    replyTo: doc.replyTo === null ? null : Number(doc.replyTo),
    attachment: doc.attachment ?? null,
    event: doc.event ?? null,
    reactions: { user: doc.reactions?.user ?? null, consultant: doc.reactions?.consultant ?? null },
    createdAt: Number(doc.createdAt),
    editedAt: doc.editedAt === null ? null : Number(doc.editedAt),
    deletedAt: doc.deletedAt === null ? null : Number(doc.deletedAt),
  };
}

/** The document of a new message at `seq`. */
export function newMessageDoc(draft: NewMessage, seq: number): MessageDoc {
  return {
    conversationId: draft.conversationId,
    seq,
    clientMessageId: draft.clientMessageId,
    fingerprint: draft.fingerprint,
    authorId: draft.authorId,
    authorRole: draft.authorRole,
    kind: draft.kind,
    text: draft.text,
    replyTo: draft.replyTo,
    attachment: draft.attachment,
    event: draft.event,
    reactions: { user: null, consultant: null },
    createdAt: draft.createdAt,
    editedAt: null,
    deletedAt: null,
  };
}
