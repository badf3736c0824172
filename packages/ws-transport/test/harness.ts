import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { type Chat, createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import type { Clock } from '@jyotishconnect/core';
import { Server as SocketIoServer } from 'socket.io';
import { io, type Socket as SocketIoClientSocket } from 'socket.io-client';
import { WebSocket } from 'ws';
import type { Bus } from '../src/bus/bus.js';
import { type ConsultationClient, createConsultationClient } from '../src/client/client.js';
import type { ConsultationBilling } from '../src/server/billing-port.js';
import type { AuthenticatedUser } from '../src/server/connection.js';
import type { ConsultationHub } from '../src/server/consultation-hub.js';
import type { ConsultationOptions } from '../src/server/options.js';
import { createConsultationServer } from '../src/server/server.js';
import { attachConsultations } from '../src/socket-io/index.js';

/** The transports the server suites run over: the `ws` server, and the routes attached to a Socket.io namespace. */
export const TRANSPORTS = ['ws', 'socket.io'] as const;

/** One of {@link TRANSPORTS}. */
export type Transport = (typeof TRANSPORTS)[number];

/** The Socket.io namespace the harness attaches the consultation routes to. */
const SOCKET_IO_NAMESPACE = '/consultations';

/** A server on 127.0.0.1 with a memory chat; tokens are `role:id`. */
export interface Harness {
  transport: Transport;
  http: Server;
  server: ConsultationHub;
  chat: Chat;
  /** `ws://…/ws`, or `http://…/consultations` for Socket.io: {@link connectClient} tells them apart. */
  url: string;
  errors: unknown[];
  close(): Promise<void>;
}

/** The user a `role:id` token names, or null. */
function userOfToken(token: unknown): AuthenticatedUser | null {
  const [role, id] = typeof token === 'string' ? token.split(':') : [];
  if ((role === 'user' || role === 'consultant' || role === 'admin') && id) return { id, role };
  return null;
}

/** Starts a consultation server on an ephemeral loopback port, over `ws` unless told otherwise. */
export async function startHarness(
  options: {
    transport?: Transport;
    chat?: Chat;
    bus?: Bus;
    billing?: ConsultationBilling;
    clock?: Clock;
    limits?: ConsultationOptions['limits'];
    allowed?: ConsultationOptions['allowed'];
    metrics?: ConsultationOptions['metrics'];
    allowedOrigins?: ConsultationOptions['allowedOrigins'];
    /** Engine.IO's heartbeat, for Socket.io: a drop without a close is noticed only when it lapses (45 s by default). */
    engineHeartbeat?: { pingInterval: number; pingTimeout: number };
  } = {},
): Promise<Harness> {
  const transport = options.transport ?? 'ws';
  const http = createServer();
  const chat = options.chat ?? createChat({ store: createMemoryChatStore() });
  const errors: unknown[] = [];
  const common: ConsultationOptions = {
    chat,
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.billing ? { billing: options.billing } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.allowed ? { allowed: options.allowed } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    limits: { heartbeatMs: 60_000, ...options.limits },
    onError: (error) => errors.push(error),
  };
  let server: ConsultationHub;
  let closeTransport = async () => {};
  if (transport === 'ws') {
    server = createConsultationServer({
      ...common,
      server: http,
      authenticate: (request) => userOfToken(new URL(request.url ?? '/', 'http://localhost').searchParams.get('token')),
    });
  } else {
    const socketIo = new SocketIoServer(http, options.engineHeartbeat);
    server = attachConsultations(socketIo.of(SOCKET_IO_NAMESPACE), {
      ...common,
      authenticate: (handshake) => userOfToken((handshake.auth as { token?: unknown }).token),
    });
    closeTransport = () => new Promise<void>((resolve) => socketIo.close(() => resolve()));
  }
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    transport,
    http,
    server,
    chat,
    url: transport === 'ws' ? `ws://127.0.0.1:${port}/ws` : `http://127.0.0.1:${port}${SOCKET_IO_NAMESPACE}`,
    errors,
    async close() {
      await server.close();
      http.closeAllConnections();
      await closeTransport(); // closes the HTTP server too
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A `socket.io-client` socket to a harness's Socket.io URL, connected by whoever uses it. */
export function socketIoSocket(url: string, auth: Record<string, string> = {}): SocketIoClientSocket {
  // A connection of its own per socket (no multiplexing), and reconnects left to the consultation client.
  return io(url, { autoConnect: false, forceNew: true, reconnection: false, auth });
}

/** A connected client for `role:id` (over Socket.io for an `http:` URL), recording every event it receives. */
export async function connectClient(
  url: string,
  token: string,
): Promise<{ client: ConsultationClient; events: Array<{ name: string; data: unknown }> }> {
  const backoff = { initialMs: 20, maxMs: 100 };
  const client = url.startsWith('http')
    ? createConsultationClient({ socketIo: socketIoSocket(url), token, backoff })
    : createConsultationClient({ url, token, WebSocket: WebSocket as never, backoff });
  const events: Array<{ name: string; data: unknown }> = [];
  client.on('event', (name, data) => events.push({ name, data }));
  await client.connect();
  return { client, events };
}

/** A client as {@link connectClient} returns it. */
export type TestClient = Awaited<ReturnType<typeof connectClient>>;

/** The user opens a conversation with the consultant, both join it (the user first), and each sends one greeting ("Namaste", then "Welcome"). */
export async function greetEachOther(user: TestClient, consultant: TestClient, consultantId: string): Promise<string> {
  const conversation = await user.client.request<{ id: string }>({ type: 'conversation.open', consultantId });
  // The user joins first: a consultant joining later sees them present, with no online flip to report.
  await user.client.join(conversation.id);
  await consultant.client.join(conversation.id);
  const send = (side: TestClient, clientMessageId: string, text: string) =>
    side.client.request({ type: 'chat.send', conversationId: conversation.id, clientMessageId, text });
  await send(user, 'a1', 'Namaste');
  await send(consultant, 'g1', 'Welcome');
  return conversation.id;
}

/** The payloads of the events named `name` a client received, in order. */
export function eventsNamed<T = unknown>(events: TestClient['events'], name: string): T[] {
  return events.filter((event) => event.name === name).map((event) => event.data as T);
}

/** Asha and Guru connected, and a chat consultation that Asha requested and Guru accepted. */
export async function startedChat<T extends { id: string }>(
  url: string,
): Promise<{ asha: TestClient; guru: TestClient; session: T }> {
  const asha = await connectClient(url, 'user:asha');
  const guru = await connectClient(url, 'consultant:guru');
  const session = await asha.client.request<T>({
    type: 'consultation.request',
    consultantId: 'guru',
    serviceType: 'chat',
  });
  await eventually(() => eventsNamed(guru.events, 'consultation.requested').length === 1);
  await guru.client.request({ type: 'consultation.accept', sessionId: session.id });
  await eventually(() => eventsNamed(asha.events, 'consultation.started').length === 1);
  return { asha, guru, session };
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function eventually(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A loopback TCP proxy whose connections can be cut, as a network drop would. */
export async function startProxy(targetUrl: string): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const target = new URL(targetUrl);
  const sockets = new Set<import('node:net').Socket>();
  const proxy = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port), target.hostname);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `${target.protocol}//127.0.0.1:${port}${target.pathname}`,
    cut,
    async close() {
      cut();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
