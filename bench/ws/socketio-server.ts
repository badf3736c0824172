/**
 * The socket.io baseline of `pnpm bench ws`, doing the same work per message as
 * our server: validate the frame with the same zod schema (`clientFrameSchema`),
 * store it through the same memory chat (`chat.send`: authorization, sequence,
 * idempotency), fan `message.created` out to every connection of both
 * participants (per-user rooms, as our server publishes per user), and ack with
 * the stored message. WebSocket transport only, no compression.
 */
import { clientFrameSchema } from '@jyotishconnect/ws-transport';
import { Server, type Socket } from 'socket.io';
import { parseToken, runBenchServer } from './server-common.js';

type Ack = (reply: { ok: true; result: unknown } | { ok: false; code: string; message: string }) => void;

let errors = 0;

/** Runs a handler and answers its ack like our server answers a request: result, or a coded error. */
function answer(ack: unknown, work: () => Promise<unknown>): void {
  const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => undefined;
  work().then(
    (result) => reply({ ok: true, result }),
    (error: { code?: string; message?: string }) => {
      if (errors++ === 0) console.error('socket.io server error:', error);
      reply({ ok: false, code: error.code ?? 'INTERNAL', message: error.message ?? 'internal error' });
    },
  );
}

await runBenchServer(
  (http, chat) => {
    const io = new Server(http, {
      path: '/socket.io',
      transports: ['websocket'],
      perMessageDeflate: false,
      httpCompression: false,
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
    });
    io.use((socket, next) => {
      const user = parseToken(socket.handshake.query.token);
      if (!user) return next(new Error('Unauthorized'));
      socket.data.user = user;
      next();
    });
    chat.on('message.created', (message, parties) => {
      io.to(`user:${parties.userId}`).to(`user:${parties.consultantId}`).emit('message.created', message);
    });
    io.on('connection', (socket: Socket) => {
      const user = socket.data.user as { id: string; role: 'user' | 'consultant' };
      socket.join(`user:${user.id}`);
      socket.on('conversation.open', (input: { consultantId?: string; userId?: string }, ack: unknown) =>
        answer(ack, async () => {
          const parties =
            user.role === 'consultant'
              ? { userId: input?.userId ?? '', consultantId: user.id }
              : { userId: user.id, consultantId: input?.consultantId ?? '' };
          return await chat.openConversation(user, parties);
        }),
      );
      socket.on('conversation.join', (input: { conversationId?: string }, ack: unknown) =>
        answer(ack, async () => {
          const conversation = await chat.getConversation(user, String(input?.conversationId));
          socket.join(conversation.id);
          return { conversation };
        }),
      );
      socket.on('chat.send', (raw: unknown, ack: unknown) =>
        answer(ack, async () => {
          const parsed = clientFrameSchema.safeParse(raw);
          if (!parsed.success || parsed.data.type !== 'chat.send') {
            throw Object.assign(new Error('invalid frame'), { code: 'INVALID_FRAME' });
          }
          const frame = parsed.data;
          return await chat.send(user, {
            conversationId: frame.conversationId,
            clientMessageId: frame.clientMessageId,
            text: frame.text,
            ...(frame.replyTo === undefined ? {} : { replyTo: frame.replyTo }),
            ...(frame.attachment === undefined ? {} : { attachment: frame.attachment }),
          });
        }),
      );
    });
    return { connections: () => io.engine.clientsCount };
  },
  { errors: () => errors },
);
