import { z } from 'zod';
import { clientFrameDescriptions, type DescribedFrameType } from './frame-descriptions.js';
import { PROTOCOL_VERSION } from './frames.js';

export {
  type AckFrame,
  CloseCodes,
  type ErrorFrame,
  type EventFrame,
  PROTOCOL_VERSION,
  type ServerFrame,
  SOCKET_IO_CLOSE_EVENT,
  SOCKET_IO_FRAME_EVENT,
} from './frames.js';
export { ackFrameSchema, errorFrameSchema, eventFrameSchema, serverFrameSchema } from './server-frame-schema.js';

const id = z.string().min(1).max(200);
const seq = z.number().int().nonnegative();
const sdp = z.string().min(1).max(20_000);

const frame = <T extends DescribedFrameType, S extends z.ZodRawShape>(type: T, shape: S) =>
  z
    .object({ v: z.literal(PROTOCOL_VERSION), id, type: z.literal(type), ...shape })
    .strict()
    .describe(clientFrameDescriptions[type]);

/** Every request a client may send; each is answered by an `ack` or an `error` with the same `id`. */
export const clientFrameSchema = z.discriminatedUnion('type', [
  frame('ping', {}),
  frame('conversation.open', { consultantId: id.optional(), userId: id.optional() }),
  frame('conversation.join', { conversationId: id, afterSeq: seq.optional() }),
  frame('conversation.leave', { conversationId: id }),
  frame('chat.send', {
    conversationId: id,
    clientMessageId: id,
    text: z.string().max(100_000).default(''),
    replyTo: seq.optional(),
    attachment: z
      .object({ url: z.string(), type: z.string(), size: z.number(), name: z.string().optional() })
      .optional(),
  }),
  frame('chat.edit', { conversationId: id, seq, text: z.string().max(100_000) }),
  frame('chat.delete', { conversationId: id, seq }),
  frame('chat.react', { conversationId: id, seq, emoji: z.string().max(32).nullable() }),
  frame('chat.read', { conversationId: id, seq }),
  frame('chat.delivered', { conversationId: id, seq }),
  frame('chat.typing', { conversationId: id, typing: z.boolean() }),
  frame('chat.history', {
    conversationId: id,
    before: seq.optional(),
    after: seq.optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  frame('consultation.request', { consultantId: id, serviceType: z.enum(['chat', 'voice', 'video']) }),
  frame('consultation.accept', { sessionId: id }),
  frame('consultation.reject', { sessionId: id }),
  frame('consultation.cancel', { sessionId: id }),
  frame('consultation.end', { sessionId: id }),
  frame('consultation.offerService', { sessionId: id, serviceType: z.enum(['chat', 'voice', 'video']) }),
  frame('consultation.acceptService', { sessionId: id, serviceType: z.enum(['chat', 'voice', 'video']) }),
  frame('consultation.declineService', { sessionId: id, serviceType: z.enum(['chat', 'voice', 'video']) }),
  frame('waitlist.join', { consultantId: id, serviceType: z.enum(['chat', 'voice', 'video']) }),
  frame('waitlist.leave', {}),
  frame('waitlist.status', {}),
  frame('waitlist.take', { sessionId: id }),
  frame('waitlist.pass', { sessionId: id }),
  frame('call.offer', { sessionId: id, sdp }),
  frame('call.answer', { sessionId: id, sdp }),
  frame('call.ice', { sessionId: id, candidate: z.unknown() }),
  frame('call.hangup', { sessionId: id }),
]);

/** A validated client request. */
export type ClientFrame = z.infer<typeof clientFrameSchema>;
/** The `type` of a client request. */
export type ClientFrameType = ClientFrame['type'];
/** A client request of one type. */
export type ClientFrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;

/** A request as the client builds it, before the envelope (`v`, `id`) is added. */
export type ClientRequest = ClientFrame extends infer F ? (F extends ClientFrame ? Omit<F, 'v' | 'id'> : never) : never;
