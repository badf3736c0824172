import type { Parties } from './access.js';
import type { Conversation, Message, Side } from './types.js';

/** A side's read mark moved forward. */
export interface ReadReceipt {
  readonly conversationId: string;
  readonly participantId: string;
  readonly side: Side;
  /** Everything up to and including this sequence was read. */
  readonly seq: number;
}

/** A participant started or stopped typing. Never stored. */
export interface TypingEvent {
  readonly conversationId: string;
  readonly participantId: string;
  readonly side: Side;
  readonly typing: boolean;
}

/** A participant set, replaced or removed their reaction. */
export interface ReactionEvent {
  readonly message: Message;
  readonly participantId: string;
  readonly side: Side;
  readonly emoji: string | null;
}

/**
 * Events a {@link Chat} emits after a write is stored (never for idempotent
 * replays), plus the ephemeral typing signal. Conversation events
 * carry the {@link Parties} so a transport knows whom to deliver to.
 */
export interface ChatEvents {
  /** A text or system message was stored. */
  'message.created': (message: Message, parties: Parties) => void;
  /** A message was edited or deleted. */
  'message.updated': (message: Message, parties: Parties) => void;
  /** A reaction changed. */
  reaction: (event: ReactionEvent, parties: Parties) => void;
  /** A read mark moved forward. */
  read: (receipt: ReadReceipt, parties: Parties) => void;
  /** Typing started or stopped. */
  typing: (event: TypingEvent, parties: Parties) => void;
  /** Birth details were attached or replaced. */
  'conversation.updated': (conversation: Conversation) => void;
}
