/** What a caller is, as authenticated by the host. */
export type Role = 'user' | 'consultant' | 'system' | 'admin';

/** The caller of a chat operation: the host authenticates it, chat-core authorizes it. */
export interface Participant {
  readonly id: string;
  readonly role: Role;
}

/** The two sides of a conversation. */
export type Side = 'user' | 'consultant';

/** A file the host stored elsewhere; chat-core keeps only this reference, never bytes. */
export interface Attachment {
  /** `https:` URL of the file. */
  readonly url: string;
  /** MIME type such as `image/jpeg`. */
  readonly type: string;
  /** Size in bytes. */
  readonly size: number;
  /** File name shown to the reader. */
  readonly name?: string;
}

/** The session events the host posts into a conversation. */
export type SystemEventType = 'session.requested' | 'session.started' | 'session.lowBalance' | 'session.ended';

/** The body of a system message. */
export interface SystemEvent {
  readonly type: SystemEventType;
  /** The billing session the event belongs to. */
  readonly sessionId: string;
  /** Small flat facts for display (minutes left, duration…). */
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
}

/** The structured intake card a user attaches to a conversation for the consultant. */
export interface BirthDetails {
  readonly name: string;
  /** Calendar date `YYYY-MM-DD`, not in the future. */
  readonly dateOfBirth: string;
  /** Local time `HH:MM`, or `null` when unknown. */
  readonly timeOfBirth: string | null;
  /** Place as the user wrote it (city, region, country). */
  readonly placeOfBirth: string;
  /** The user's question for the consultant; may be empty. */
  readonly question: string;
}

/** Last-read sequence of each side; messages after it are unread. */
export interface ReadState {
  readonly user: number;
  readonly consultant: number;
}

/** One user's conversation with one consultant, kept across consultations. */
export interface Conversation {
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly createdAt: number;
  /** Time of the newest message (or of creation). */
  readonly lastActivityAt: number;
  /** Sequence of the newest message; 0 when empty. */
  readonly lastSeq: number;
  readonly readSeq: ReadState;
  /** Billing sessions held in this conversation, in the order they were linked. */
  readonly sessionIds: readonly string[];
  readonly birthDetails: BirthDetails | null;
}

/** One reaction per side and message, or `null`. */
export interface Reactions {
  readonly user: string | null;
  readonly consultant: string | null;
}

/** A message as stored. Records are immutable: a change produces a new record. */
export interface Message {
  readonly conversationId: string;
  /** Position in the conversation: 1, 2, 3… with no gaps. */
  readonly seq: number;
  /** The sender's idempotency key. */
  readonly clientMessageId: string;
  readonly authorId: string;
  readonly authorRole: Role;
  readonly kind: 'text' | 'system';
  /** Trimmed text; empty for system messages, deleted messages and bare attachments. */
  readonly text: string;
  /** Sequence of the message this one answers. */
  readonly replyTo: number | null;
  readonly attachment: Attachment | null;
  /** The session event of a system message. */
  readonly event: SystemEvent | null;
  readonly reactions: Reactions;
  readonly createdAt: number;
  readonly editedAt: number | null;
  /** Set when deleted: the slot stays, the content is gone. */
  readonly deletedAt: number | null;
}

/** One row of a participant's conversation list. */
export interface ConversationSummary {
  readonly conversation: Conversation;
  readonly lastMessage: Message | null;
  /** Messages from others, not deleted, after the participant's last-read sequence. */
  readonly unread: number;
}

/** A page of conversations, newest activity first. */
export interface ConversationPage {
  readonly items: readonly ConversationSummary[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** A page of history, oldest first. */
export interface HistoryPage {
  readonly messages: readonly Message[];
  /** True when more messages lie beyond the page in the direction read. */
  readonly hasMore: boolean;
}
