import { fingerprintOf } from './keys.js';
import type { NewMessage } from './store.js';
import type { Attachment, Participant, SystemEvent } from './types.js';

/** The append request of a text message; `original` is the validated text before any policy redaction. */
export function textDraft(
  author: Participant,
  input: { conversationId: string; clientMessageId: string; original: string; text: string },
  replyTo: number | null,
  attachment: Attachment | null,
  createdAt: number,
): NewMessage {
  const extra = replyTo === null && attachment === null ? null : [replyTo, attachment];
  return {
    conversationId: input.conversationId,
    clientMessageId: input.clientMessageId,
    fingerprint: fingerprintOf(author.id, input.original, extra),
    authorId: author.id,
    authorRole: author.role,
    kind: 'text',
    text: input.text,
    replyTo,
    attachment,
    event: null,
    createdAt,
  };
}

/** The append request of a system message carrying a session event. */
export function systemDraft(
  author: Participant,
  input: { conversationId: string; clientMessageId: string },
  event: SystemEvent,
  createdAt: number,
): NewMessage {
  return {
    conversationId: input.conversationId,
    clientMessageId: input.clientMessageId,
    fingerprint: fingerprintOf(author.id, '', [event]),
    authorId: author.id,
    authorRole: author.role,
    kind: 'system',
    text: '',
    replyTo: null,
    attachment: null,
    event,
    createdAt,
  };
}
