import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { type Chat, createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import type { Clock } from '@jyotishconnect/core';
import { WebSocket } from 'ws';
import type { Bus } from '../src/bus/bus.js';
import { type ConsultationClient, createConsultationClient } from '../src/client/client.js';
import type { ConsultationBilling } from '../src/server/billing-port.js';
import type { ConsultationServerOptions } from '../src/server/options.js';
import { type ConsultationServer, createConsultationServer } from '../src/server/server.js';

/** A server on 127.0.0.1 with a memory chat; tokens are `role:id`. */
export interface Harness {
  http: Server;
  server: ConsultationServer;
  chat: Chat;
  url: string;
  errors: unknown[];
  close(): Promise<void>;
}

/** Starts a consultation server on an ephemeral loopback port. */
export async function startHarness(
  options: {
    chat?: Chat;
    bus?: Bus;
    billing?: ConsultationBilling;
    clock?: Clock;
    limits?: ConsultationServerOptions['limits'];
    allowed?: ConsultationServerOptions['allowed'];
    metrics?: ConsultationServerOptions['metrics'];
  } = {},
): Promise<Harness> {
  const http = createServer();
  const chat = options.chat ?? createChat({ store: createMemoryChatStore() });
  const errors: unknown[] = [];
  const server = createConsultationServer({
    server: http,
    chat,
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.billing ? { billing: options.billing } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.allowed ? { allowed: options.allowed } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    limits: { heartbeatMs: 60_000, ...options.limits },
    onError: (error) => errors.push(error),
    authenticate: (request) => {
      const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
      const [role, id] = token.split(':');
      if ((role === 'user' || role === 'consultant' || role === 'admin') && id) return { id, role };
      return null;
    },
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    http,
    server,
    chat,
    url: `ws://127.0.0.1:${port}/ws`,
    errors,
    async close() {
      await server.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A connected client for `role:id`, recording every event it receives. */
export async function connectClient(
  url: string,
  token: string,
): Promise<{ client: ConsultationClient; events: Array<{ name: string; data: unknown }> }> {
  const client = createConsultationClient({
    url,
    token,
    WebSocket: WebSocket as never,
    backoff: { initialMs: 20, maxMs: 100 },
  });
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
    url: `ws://127.0.0.1:${port}${target.pathname}`,
    cut,
    async close() {
      cut();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
