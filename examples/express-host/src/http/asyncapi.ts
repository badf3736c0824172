import { fileURLToPath } from 'node:url';
import {
  ackFrameSchema,
  clientFrameSchema,
  errorFrameSchema,
  eventFrameSchema,
  PROTOCOL_VERSION,
} from '@jyotishconnect/ws-transport/protocol';
import { z } from 'zod';

/** Where the document is checked in (`pnpm run docs:asyncapi` writes it): `docs/asyncapi.json` at the root. */
export const ASYNCAPI_DOCUMENT_PATH = fileURLToPath(new URL('../../../../docs/asyncapi.json', import.meta.url));

type Json = Record<string, unknown>;

const CHANNEL = 'consultations';
const channelRef = { $ref: `#/channels/${CHANNEL}` };
const messageRef = (name: string) => ({ $ref: `#/channels/${CHANNEL}/messages/${name}` });

/** A frame schema as the message payload: JSON Schema draft 7, the base of AsyncAPI's schema format. */
function payloadOf(schema: z.ZodType): Json {
  const { $schema: _dialect, ...payload } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  return payload;
}

function messageOf(name: string, schema: z.ZodType): Json {
  return { name, title: name, summary: schema.description ?? name, payload: payloadOf(schema) };
}

/** `chat.send` → `sendChatSend`-style operation ids: letters only, one per frame type. */
const operationId = (prefix: string, type: string) =>
  prefix + type.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, _sep: string, c: string) => c.toUpperCase());

/**
 * The AsyncAPI 3 document of the WebSocket protocol at `/ws`, generated from the
 * zod schemas the server validates frames with (`@jyotishconnect/ws-transport/protocol`):
 * one message per client request type, answered by `ack` or `error`; and the
 * server's `event` frames. Written from the host's side: it receives requests and sends the rest.
 */
export function asyncApiDocument(version: string): Json {
  const requests = clientFrameSchema.options.map((schema) => ({ type: schema.shape.type.value as string, schema }));
  const replies = { ack: ackFrameSchema, error: errorFrameSchema };
  const messages: Record<string, Json> = {};
  for (const { type, schema } of requests) messages[type] = messageOf(type, schema);
  for (const [type, schema] of Object.entries({ ...replies, event: eventFrameSchema })) {
    messages[type] = messageOf(type, schema);
  }

  const operations: Record<string, Json> = {};
  for (const { type, schema } of requests) {
    operations[operationId('receive', type)] = {
      action: 'receive',
      channel: channelRef,
      summary: schema.description ?? type,
      messages: [messageRef(type)],
      reply: { channel: channelRef, messages: Object.keys(replies).map(messageRef) },
    };
  }
  operations.sendEvent = {
    action: 'send',
    channel: channelRef,
    summary: eventFrameSchema.description ?? 'event',
    messages: [messageRef('event')],
  };
  operations.sendConnectionError = {
    action: 'send',
    channel: channelRef,
    summary:
      'A problem of the connection itself (an unreadable frame, too many frames): an error frame whose `id` is null.',
    messages: [messageRef('error')],
  };

  return {
    asyncapi: '3.1.0',
    info: {
      title: 'JyotishConnect consultation protocol',
      version,
      description: `The WebSocket protocol of consultations (frame format version ${PROTOCOL_VERSION}): chat, consultation requests and billing, the waitlist and WebRTC call signaling. Every frame is a JSON object with \`v\` and \`type\`. A client request carries an \`id\` of the client's choosing and is answered by an \`ack\` or an \`error\` with that \`id\`; events arrive unasked. Money is in integer paise. The REST API is documented at \`/openapi.json\`.`,
    },
    defaultContentType: 'application/json',
    servers: {
      host: {
        host: 'localhost:3000',
        protocol: 'ws',
        pathname: '/ws',
        description: 'The reference host; behind TLS use `wss`. Connect with the JWT from `POST /api/auth/login`.',
        security: [{ $ref: '#/components/securitySchemes/token' }],
      },
    },
    channels: {
      [CHANNEL]: {
        address: '/ws',
        title: 'Consultations',
        description: 'One connection per signed-in account; the server routes each frame by its `type`.',
        servers: [{ $ref: '#/servers/host' }],
        messages: Object.fromEntries(
          Object.keys(messages).map((name) => [name, { $ref: `#/components/messages/${name}` }]),
        ),
      },
    },
    operations,
    components: {
      messages,
      securitySchemes: {
        token: {
          type: 'httpApiKey',
          name: 'token',
          in: 'query',
          description: 'The JWT from `POST /api/auth/login`, as `/ws?token=<JWT>`.',
        },
      },
    },
  };
}
