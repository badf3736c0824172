import { PROTOCOL_VERSION } from '../frames.js';
import type { ClientFrame, ClientFrameOf } from '../protocol.js';

// The frames a live consultation sends many times a second, checked by hand instead of by
// `clientFrameSchema`: zod's parse was the largest cost of a relayed message after the socket writes.
// Each check accepts only frames the schema accepts and returns what the schema would return, the same
// keys in the same order (a test compares both on generated frames). Anything it is not sure of, such as
// a message with an attachment or a frame with a missing or extra key, returns `null` and goes to the
// schema, which then also writes the error message, so a rejected frame reads exactly as before.

type Raw = Record<string, unknown>;

/**
 * The schema's `id`, counted in UTF-16 units: a string of 1 to 200 units has 1 to 200 code points, as
 * the schema counts them; a longer one (101 emoji, say) goes to the schema.
 */
const isId = (value: unknown): value is string => typeof value === 'string' && value.length >= 1 && value.length <= 200;

/** The schema's `seq`: a non-negative safe integer. */
const isSeq = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** The longest text a message may carry, as in the schema (longer in UTF-16 units: the schema decides). */
const MAX_TEXT = 100_000;

/** Whether every own key of `raw` is one of `allowed` (the schema's objects are strict). */
function onlyKeys(raw: Raw, allowed: ReadonlySet<string>): boolean {
  for (const key in raw) if (!allowed.has(key)) return false;
  return true;
}

const SEND_KEYS = new Set(['v', 'id', 'type', 'conversationId', 'clientMessageId', 'text', 'replyTo']);
const TYPING_KEYS = new Set(['v', 'id', 'type', 'conversationId', 'typing']);
const RECEIPT_KEYS = new Set(['v', 'id', 'type', 'conversationId', 'seq']);
const PING_KEYS = new Set(['v', 'id', 'type']);

function chatSend(raw: Raw): ClientFrameOf<'chat.send'> | null {
  const { id, conversationId, clientMessageId, text, replyTo } = raw;
  if (!isId(id) || !isId(conversationId) || !isId(clientMessageId)) return null;
  if (text !== undefined && !(typeof text === 'string' && text.length <= MAX_TEXT)) return null;
  if (replyTo !== undefined && !isSeq(replyTo)) return null;
  if (!onlyKeys(raw, SEND_KEYS)) return null;
  const frame = {
    v: PROTOCOL_VERSION,
    id,
    type: 'chat.send',
    conversationId,
    clientMessageId,
    text: text ?? '',
  } as const;
  return replyTo === undefined ? frame : { ...frame, replyTo };
}

function chatTyping(raw: Raw): ClientFrameOf<'chat.typing'> | null {
  const { id, conversationId, typing } = raw;
  if (!isId(id) || !isId(conversationId) || typeof typing !== 'boolean' || !onlyKeys(raw, TYPING_KEYS)) return null;
  return { v: PROTOCOL_VERSION, id, type: 'chat.typing', conversationId, typing };
}

function receipt<T extends 'chat.read' | 'chat.delivered'>(type: T, raw: Raw): ClientFrameOf<T> | null {
  const { id, conversationId, seq } = raw;
  if (!isId(id) || !isId(conversationId) || !isSeq(seq) || !onlyKeys(raw, RECEIPT_KEYS)) return null;
  return { v: PROTOCOL_VERSION, id, type, conversationId, seq } as ClientFrameOf<T>;
}

function ping(raw: Raw): ClientFrameOf<'ping'> | null {
  const { id } = raw;
  if (!isId(id) || !onlyKeys(raw, PING_KEYS)) return null;
  return { v: PROTOCOL_VERSION, id, type: 'ping' };
}

/**
 * A frame of a hot type (`chat.send` without attachment, `chat.typing`,
 * `chat.read`, `chat.delivered`, `ping`), parsed exactly as
 * `clientFrameSchema` would parse it; `null` when the schema has to decide.
 */
export function parseHotFrame(raw: unknown): ClientFrame | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const frame = raw as Raw;
  if (frame.v !== PROTOCOL_VERSION) return null;
  switch (frame.type) {
    case 'chat.send':
      return chatSend(frame);
    case 'chat.typing':
      return chatTyping(frame);
    case 'chat.read':
      return receipt('chat.read', frame);
    case 'chat.delivered':
      return receipt('chat.delivered', frame);
    case 'ping':
      return ping(frame);
    default:
      return null;
  }
}
