import type { Parties } from './access.js';
import { ChatError } from './errors.js';
import type { Participant } from './types.js';

/**
 * The host's rule on who may talk, on top of being a participant. A paid
 * consultation app lets a user and a consultant talk only within a
 * consultation, or the chat is free: the host answers from its billing.
 * History stays readable whatever the gate says.
 */
export interface ConversationGate {
  /** May this user and consultant have a conversation at all (a consultation between them exists)? */
  mayOpen(parties: { readonly userId: string; readonly consultantId: string }): boolean | Promise<boolean>;
  /** May `caller` write to the conversation now (send, edit, delete, react, attach birth details)? */
  mayWrite(caller: Participant, parties: Parties): boolean | Promise<boolean>;
}

/** Builds the `CONVERSATION_CLOSED` error: the gate refuses this pair or this write now. */
export function conversationClosed(participantId: string, target: string): ChatError {
  return new ChatError(
    'CONVERSATION_CLOSED',
    `${participantId} may not write here now: messages belong to a requested or running consultation`,
    { details: { participantId, target } },
  );
}
