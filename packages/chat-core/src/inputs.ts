import type { Attachment, BirthDetails, SystemEventType } from './types.js';

/** Input of {@link Chat.openConversation}. */
export interface OpenConversationInput {
  userId: string;
  consultantId: string;
  /** A billing session to link to the conversation (once). */
  sessionId?: string;
}

/** Input of {@link Chat.listConversations}. */
export interface ListConversationsOptions {
  /** Page size, 1 to 100 (default 20). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** Input of {@link Chat.send}: text, an attachment, or both. */
export interface SendInput {
  conversationId: string;
  /** The sender's idempotency key: a retry with the same id returns the stored message. */
  clientMessageId: string;
  /** Trimmed; required unless an attachment is given. */
  text?: string;
  /** Sequence of a message of the same conversation this one answers. */
  replyTo?: number;
  attachment?: Attachment;
}

/** Input of {@link Chat.postSystemMessage}. */
export interface SystemMessageInput {
  conversationId: string;
  /** Idempotency key, for example `sessionId:started`. */
  clientMessageId: string;
  type: SystemEventType;
  sessionId: string;
  /** Up to 16 flat facts for display. */
  data?: Record<string, string | number | boolean | null>;
}

/** Addresses one message. */
export interface MessageRef {
  conversationId: string;
  seq: number;
}

/** Input of {@link Chat.edit}. */
export interface EditInput extends MessageRef {
  /** The new text, trimmed and screened by the policy like a send. */
  text: string;
}

/** Input of {@link Chat.react}. */
export interface ReactInput extends MessageRef {
  /** The caller's one reaction; `null` removes it. */
  emoji: string | null;
}

/** Input of {@link Chat.markRead}: everything up to `seq` was read. */
export interface MarkReadInput {
  conversationId: string;
  seq: number;
}

/** Input of {@link Chat.history}: the newest page, or `before` / `after` a sequence. */
export interface HistoryOptions {
  /** Messages before this sequence (paging back). */
  before?: number;
  /** Messages after this sequence (resume after a reconnect). */
  after?: number;
  /** Page size, 1 to 200 (default 50). */
  limit?: number;
}

/** Input of {@link Chat.attachBirthDetails}; `timeOfBirth` and `question` may be left out. */
export type BirthDetailsInput = Omit<BirthDetails, 'timeOfBirth' | 'question'> & {
  timeOfBirth?: string | null;
  question?: string;
};
