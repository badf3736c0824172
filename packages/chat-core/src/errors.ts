import { JyotishError } from '@jyotishconnect/core';

/** Every code a {@link ChatError} can carry. Stable across releases. */
export const chatErrorCodes = [
  'INVALID_INPUT',
  'NOT_A_PARTICIPANT',
  'CONVERSATION_NOT_FOUND',
  'MESSAGE_NOT_FOUND',
  'REPLY_NOT_FOUND',
  'NOT_THE_AUTHOR',
  'EDIT_WINDOW_CLOSED',
  'MESSAGE_DELETED',
  'POLICY_REJECTED',
  'IDEMPOTENCY_CONFLICT',
  'CONVERSATION_CLOSED',
] as const;

/** A stable chat error code such as `NOT_A_PARTICIPANT`. */
export type ChatErrorCode = (typeof chatErrorCodes)[number];

/** The error every chat-core operation throws on purpose; nothing was written when it is thrown. */
export class ChatError extends JyotishError<ChatErrorCode> {}

/** Builds the `INVALID_INPUT` error for one named field. */
export function invalidInput(field: string, problem: string): ChatError {
  return new ChatError('INVALID_INPUT', `${field} ${problem}`, { details: { field } });
}

/** Builds the `NOT_A_PARTICIPANT` error: the caller may not read or write this conversation. */
export function notAParticipant(participantId: string, conversationId: string): ChatError {
  return new ChatError('NOT_A_PARTICIPANT', `${participantId} is not a participant of conversation ${conversationId}`, {
    details: { participantId, conversationId },
  });
}

/** Builds the `CONVERSATION_NOT_FOUND` error. */
export function conversationNotFound(conversationId: string): ChatError {
  return new ChatError('CONVERSATION_NOT_FOUND', `conversation ${conversationId} does not exist`, {
    details: { conversationId },
  });
}

/** Builds the `MESSAGE_NOT_FOUND` error. */
export function messageNotFound(conversationId: string, seq: number): ChatError {
  return new ChatError('MESSAGE_NOT_FOUND', `conversation ${conversationId} has no message ${seq}`, {
    details: { conversationId, seq },
  });
}

/** Builds the `REPLY_NOT_FOUND` error: `replyTo` names no message of the same conversation. */
export function replyNotFound(conversationId: string, replyTo: number): ChatError {
  return new ChatError('REPLY_NOT_FOUND', `conversation ${conversationId} has no message ${replyTo} to reply to`, {
    details: { conversationId, replyTo, field: 'replyTo' },
  });
}

/** Builds the `NOT_THE_AUTHOR` error: only a message's author edits or deletes it. */
export function notTheAuthor(conversationId: string, seq: number): ChatError {
  return new ChatError('NOT_THE_AUTHOR', `only the author may change message ${seq}`, {
    details: { conversationId, seq },
  });
}

/** Builds the `EDIT_WINDOW_CLOSED` error. */
export function editWindowClosed(conversationId: string, seq: number, editWindowMs: number): ChatError {
  return new ChatError('EDIT_WINDOW_CLOSED', `message ${seq} is older than the ${editWindowMs} ms edit window`, {
    details: { conversationId, seq, editWindowMs },
  });
}

/** Builds the `MESSAGE_DELETED` error: a deleted message cannot be edited or reacted to. */
export function messageDeleted(conversationId: string, seq: number): ChatError {
  return new ChatError('MESSAGE_DELETED', `message ${seq} was deleted`, { details: { conversationId, seq } });
}

/** Builds the `POLICY_REJECTED` error with the policy's reason. */
export function policyRejected(reason: string): ChatError {
  return new ChatError('POLICY_REJECTED', `message rejected: ${reason}`, { details: { reason } });
}

/** Builds the `IDEMPOTENCY_CONFLICT` error: a client message id was reused with a different message. */
export function idempotencyConflict(conversationId: string, clientMessageId: string): ChatError {
  return new ChatError(
    'IDEMPOTENCY_CONFLICT',
    `client message id ${clientMessageId} was already used with a different message`,
    { details: { conversationId, clientMessageId } },
  );
}
