import type {
  Attachment,
  BirthDetails,
  Conversation,
  ConversationSummary,
  Message,
  Role,
  Side,
  SystemEvent,
} from './types.js';

/** A conversation as the domain asks the store to create it. */
export interface NewConversation {
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly createdAt: number;
}

/** A message as the domain asks the store to append it; the store assigns `seq`. */
export interface NewMessage {
  readonly conversationId: string;
  readonly clientMessageId: string;
  /** Digest of the request, so a replay can be told from a different message under the same id. */
  readonly fingerprint: string;
  readonly authorId: string;
  readonly authorRole: Role;
  readonly kind: Message['kind'];
  readonly text: string;
  readonly replyTo: number | null;
  readonly attachment: Attachment | null;
  readonly event: SystemEvent | null;
  readonly createdAt: number;
}

/** Outcome of an append: the new message, or the one stored earlier under the same client message id. */
export type AppendOutcome =
  | { readonly status: 'created'; readonly message: Message }
  | { readonly status: 'duplicate'; readonly message: Message; readonly fingerprint: string };

/** A change to a stored message; applied only while the message is not deleted. */
export type MessageChange =
  | { readonly type: 'edit'; readonly text: string; readonly at: number }
  | { readonly type: 'delete'; readonly at: number }
  | { readonly type: 'react'; readonly side: Side; readonly emoji: string | null };

/** Which slice of history to read; results are always oldest first. */
export type HistoryQuery =
  | { readonly direction: 'before'; readonly seq: number; readonly limit: number }
  | { readonly direction: 'after'; readonly seq: number; readonly limit: number };

/** Position in a conversation list: newest activity first, ties by id descending. */
export interface ActivityCursor {
  readonly at: number;
  readonly id: string;
}

/**
 * The storage port of chat-core: the smallest set of atomic operations the
 * domain needs. Rules (who may do what, edit windows, policies) live in the
 * domain; the store's jobs are the ones concurrent callers could race:
 * allocating gap-free sequence numbers, deduplicating client message ids,
 * refusing changes to deleted messages and keeping read marks monotonic.
 */
export interface ChatStore {
  /**
   * Returns the conversation of this user and consultant, creating it from
   * `draft` if there is none; links `sessionId` to it when given (once).
   */
  openConversation(draft: NewConversation, sessionId: string | null): Promise<Conversation>;
  /** Reads one conversation; `null` when unknown. */
  getConversation(id: string): Promise<Conversation | null>;
  /**
   * One page of the conversations where `participantId` is on `side`, newest
   * activity first, strictly after `cursor`. `unread` counts messages with
   * `seq` above the side's read mark, not authored by `participantId`, not deleted.
   */
  listConversations(
    side: Side,
    participantId: string,
    query: { readonly limit: number; readonly cursor: ActivityCursor | null },
  ): Promise<ConversationSummary[]>;
  /** Replaces the conversation's intake card; `null` when the conversation is unknown. */
  setBirthDetails(conversationId: string, details: BirthDetails): Promise<Conversation | null>;
  /**
   * Atomically assigns the next sequence number (last + 1, no gaps even across
   * processes), stores the message and moves the conversation's activity time.
   * A known `(conversationId, clientMessageId)` writes nothing and returns the
   * stored message. `null` when the conversation is unknown.
   */
  appendMessage(draft: NewMessage): Promise<AppendOutcome | null>;
  /** Reads one message; `null` when unknown. */
  getMessage(conversationId: string, seq: number): Promise<Message | null>;
  /** Up to `limit` messages before or after `seq`, oldest first. */
  history(conversationId: string, query: HistoryQuery): Promise<Message[]>;
  /** Applies a change unless the message is deleted; returns the new record, or `null` (deleted or unknown). */
  updateMessage(conversationId: string, seq: number, change: MessageChange): Promise<Message | null>;
  /** Raises a side's read mark to `seq` (never lowers it); `null` when the conversation is unknown. */
  markRead(conversationId: string, side: Side, seq: number): Promise<Conversation | null>;
}
