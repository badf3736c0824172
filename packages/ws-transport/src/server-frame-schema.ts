import { z } from 'zod';
import { PROTOCOL_VERSION } from './frames.js';

// The server's frames as zod schemas, for documentation (the AsyncAPI document) and for clients
// that validate what they receive. `frames.ts` keeps the same shapes as plain types, free of zod,
// for the browser client; a type test holds the two together.

const v = z.literal(PROTOCOL_VERSION).describe('Version of the frame format.');

/** The positive answer to a request. */
export const ackFrameSchema = z
  .object({
    v,
    type: z.literal('ack'),
    id: z.string().describe("The request's id."),
    result: z.unknown().describe('What the request returned; its shape depends on the request type.'),
  })
  .describe('The positive answer to a request, with the same `id`.');

/** The negative answer to a request, or a connection-level problem. */
export const errorFrameSchema = z
  .object({
    v,
    type: z.literal('error'),
    id: z.string().nullable().describe("The request's id; null for a problem of the connection itself."),
    code: z.string().describe('Stable code such as `NOT_A_PARTICIPANT`, `INVALID_FRAME`, `RATE_LIMITED`.'),
    message: z.string().describe('What went wrong, for developers; show people a sentence chosen by `code`.'),
  })
  .describe('The negative answer to a request with the same `id`, or a problem of the connection when `id` is null.');

/** A pushed event. */
export const eventFrameSchema = z
  .object({
    v,
    type: z.literal('event'),
    event: z.string().describe('Event name, such as `message.created`, `consultation.tick` or `call.offer`.'),
    data: z.unknown().describe("The event's payload; its shape depends on the event."),
    recovered: z.literal(true).optional().describe('Set on messages replayed from the store after a reconnect.'),
  })
  .describe('An event the server pushes: chat messages, billing ticks, presence, call signaling.');

/** Everything the server sends, as a zod schema. */
export const serverFrameSchema = z
  .discriminatedUnion('type', [ackFrameSchema, errorFrameSchema, eventFrameSchema])
  .describe('Everything the server sends.');
