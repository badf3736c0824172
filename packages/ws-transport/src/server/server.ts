import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AbsenceReport } from '@jyotishconnect/billing-engine';
import type { ChatEvents, Parties } from '@jyotishconnect/chat-core';
import { type Clock, isJyotishError, systemClock } from '@jyotishconnect/core';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { type Bus, createInProcessBus } from '../bus/bus.js';
import { CloseCodes, PROTOCOL_VERSION, type ServerFrame } from '../frames.js';
import { type ClientFrame, clientFrameSchema } from '../protocol.js';
import { billingRoutes, forwardBillingEvents } from './billing-routes.js';
import { chatRoutes } from './chat-routes.js';
import { type AuthenticatedUser, Connection, type EncodedEvent } from './connection.js';
import { linkConsultationsToChat } from './consultation-chat.js';
import { ackFrameText, eventFrameText } from './frame-json.js';
import { type ConsultationServerOptions, limitsSchema, type ServerLimits } from './options.js';
import { PresenceReports } from './presence-reports.js';
import type { RouteHandler, RouteTable } from './routes.js';
import { TransportError } from './transport-error.js';
import { WriteBatch } from './write-batch.js';

/** The bus event that closes a user's connections instead of reaching them. */
const REVOKED = 'connection.revoked';

/** A bus message for one user: an event, tagged with its conversation when it has one. */
interface UserEnvelope {
  readonly event: string;
  readonly data: unknown;
  readonly conversationId?: string;
}

/**
 * The consultation WebSocket server: authenticates upgrades, validates every
 * frame, routes requests to chat and billing, and fans events out through the
 * bus to every process holding a participant's connections.
 */
export class ConsultationServer {
  readonly #options: ConsultationServerOptions;
  readonly #limits: ServerLimits;
  readonly #bus: Bus;
  readonly #wss: WebSocketServer;
  readonly #routes: RouteTable;
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #userSubscriptions = new Map<string, Promise<() => Promise<void>>>();
  /** Presence channels this process listens to, with how many local joins need each. */
  readonly #presenceWatches = new Map<string, { joins: number; unsubscribe: Promise<() => Promise<void>> }>();
  readonly #heartbeat: ReturnType<typeof setInterval>;
  readonly #detach: Array<() => void | Promise<void>> = [];
  readonly #clock: Clock;
  readonly #presence: PresenceReports;
  readonly #writes = new WriteBatch();
  /** The envelope {@link ConsultationServer.#encode} encoded last, with its encoding. */
  #lastEncoded: {
    readonly envelope: UserEnvelope;
    readonly encoded: EncodedEvent;
    readonly dataJson: string | undefined;
  } | null = null;
  #closing = false;

  constructor(options: ConsultationServerOptions) {
    this.#options = options;
    this.#limits = limitsSchema.parse(options.limits ?? {});
    this.#bus = options.bus ?? createInProcessBus();
    this.#clock = options.clock ?? systemClock;
    const onError = (error: unknown) => options.onError?.(error);
    const reportTo = this.#limits.pauseOnDisconnect ? options.billing : undefined;
    this.#presence = new PresenceReports(reportTo, this.#clock, onError);
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.#limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    const relay = (userId: string, event: string, data: unknown) => this.publishToUser(userId, { event, data });
    this.#routes = {
      ping: async () => ({ pong: this.#clock.now() }),
      ...chatRoutes(options.chat, {
        relay,
        watchPresence: (otherId) => this.#watchPresence(otherId),
        unwatchPresence: (otherId) => this.#unwatchPresence(otherId),
        isOnline: (userId) => this.isConnected(userId),
      }),
      ...(options.billing ? billingRoutes(options.billing, relay) : {}),
    };
    this.#forwardChatEvents();
    if (options.billing) {
      this.#detach.push(forwardBillingEvents(options.billing, relay));
      this.#detach.push(linkConsultationsToChat(options.billing, options.chat, onError));
    }
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      void this.#upgrade(request, socket, head);
    options.server.on('upgrade', onUpgrade);
    this.#detach.push(() => void options.server.off('upgrade', onUpgrade));
    this.#heartbeat = setInterval(() => this.#beat(), this.#limits.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Number of open connections in this process. */
  get connections(): number {
    return this.#wss.clients.size;
  }

  /** Whether a user has at least one open connection, in any process sharing the bus. */
  async isConnected(userId: string): Promise<boolean> {
    return (await this.#bus.adjustPresence(userId, 0)) > 0;
  }

  /**
   * The user's latest absence as this process knows it (`null`: connected,
   * none known): a billing engine's presence source, so it finds absences
   * nobody reported to it, such as those of a restart.
   */
  async latestAbsence(userId: string): Promise<AbsenceReport | null> {
    return this.#presence.latestAbsence(userId, await this.isConnected(userId));
  }

  /**
   * Closes every connection of a user, in any process, as revoked (close
   * code 4003: the client does not reconnect); for a frozen account.
   */
  async disconnectUser(userId: string, reason = 'access revoked'): Promise<void> {
    await this.publishToUser(userId, { event: REVOKED, data: { reason } });
  }

  /** Publishes an event to every connection of a user, in any process. */
  async publishToUser(userId: string, envelope: UserEnvelope): Promise<void> {
    await this.#bus.publish(`user:${userId}`, envelope);
  }

  /** Stops accepting connections and closes open ones with `1001 going away`. */
  async close(reason = 'server shutting down'): Promise<void> {
    this.#closing = true;
    clearInterval(this.#heartbeat);
    for (const detach of this.#detach) await detach();
    // Through each connection first, so frames it queued this turn (say, the last billing
    // events of a detach above) go out before its close frame.
    for (const connections of this.#byUser.values()) {
      for (const connection of connections) connection.close(CloseCodes.goingAway, reason);
    }
    for (const socket of this.#wss.clients) socket.close(CloseCodes.goingAway, reason); // no-op once closing
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    for (const unsubscribe of this.#userSubscriptions.values()) await (await unsubscribe)();
    this.#userSubscriptions.clear();
  }

  async #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== (this.#options.path ?? '/ws')) return; // another upgrade handler's path
    if (this.#closing) return reject(socket, 503, 'Service Unavailable');
    const origin = request.headers.origin;
    if (this.#options.allowedOrigins && origin !== undefined && !this.#options.allowedOrigins.includes(origin)) {
      return reject(socket, 403, 'Forbidden');
    }
    let user: AuthenticatedUser | null = null;
    try {
      user = await this.#options.authenticate(request);
    } catch {
      user = null;
    }
    if (!user) return reject(socket, 401, 'Unauthorized');
    if ((this.#byUser.get(user.id)?.size ?? 0) >= this.#limits.maxConnectionsPerUser) {
      return reject(socket, 429, 'Too Many Requests');
    }
    const authenticated = user;
    this.#wss.handleUpgrade(request, socket, head, (ws) => void this.#accept(ws, socket, authenticated));
  }

  async #accept(socket: WebSocket, tcp: Duplex, user: AuthenticatedUser): Promise<void> {
    const connection = new Connection(socket, tcp, this.#writes, user, this.#limits, this.#clock.now());
    let local = this.#byUser.get(user.id);
    if (!local) {
      local = new Set();
      this.#byUser.set(user.id, local);
    }
    local.add(connection);
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data, isBinary) => void this.#receive(connection, data, isBinary));
    socket.on('close', () => void this.#release(connection));
    socket.on('error', () => undefined); // 'close' follows
    try {
      await this.#subscribeUser(user.id);
      connection.event('welcome', { user, protocol: PROTOCOL_VERSION, iceServers: this.#options.iceServers ?? [] });
      if ((await this.#bus.adjustPresence(user.id, 1)) === 1) {
        this.#presence.cameBack(user.id);
        await this.#announcePresence(user, true);
      }
    } catch (error) {
      this.#options.onError?.(error);
      connection.close(CloseCodes.goingAway, 'bus unavailable');
    }
  }

  async #release(connection: Connection): Promise<void> {
    const { user } = connection;
    for (const otherId of connection.joined.values()) await this.#unwatchPresence(otherId);
    const local = this.#byUser.get(user.id);
    local?.delete(connection);
    if (local?.size === 0) {
      this.#byUser.delete(user.id);
      const unsubscribe = this.#userSubscriptions.get(user.id);
      this.#userSubscriptions.delete(user.id);
      await (await unsubscribe)?.();
    }
    try {
      if ((await this.#bus.adjustPresence(user.id, -1)) === 0) {
        this.#presence.wentAway(user.id);
        await this.#announcePresence(user, false);
      }
    } catch (error) {
      this.#options.onError?.(error);
    }
  }

  async #receive(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    let requestId: string | null = null;
    try {
      if (isBinary) throw frameError('binary frames are not accepted');
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        throw frameError('not JSON');
      }
      requestId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
      if ((raw as { v?: unknown })?.v !== PROTOCOL_VERSION) {
        throw new TransportError('UNSUPPORTED_VERSION', `protocol version ${PROTOCOL_VERSION} required`);
      }
      if (!connection.admit(this.#clock.now())) throw new TransportError('RATE_LIMITED', 'too many requests');
      if (this.#options.allowed && !(await this.#options.allowed(connection.user))) {
        // The answer goes out before the close frame, so the client learns why.
        connection.send(this.#errorFrame(requestId, new TransportError('FORBIDDEN', 'this account may no longer act')));
        connection.close(CloseCodes.revoked, 'access revoked');
        return;
      }
      const frame = parseFrame(raw);
      const handler = this.#routes[frame.type] as RouteHandler<ClientFrame['type']> | undefined;
      if (!handler) throw new TransportError('NOT_SUPPORTED', `${frame.type} is not enabled on this server`);
      const result = await handler(connection, frame);
      connection.sendText(this.#ackText(frame.id, result));
    } catch (error) {
      connection.send(this.#errorFrame(requestId, error));
    }
  }

  #errorFrame(id: string | null, error: unknown): ServerFrame {
    if (isJyotishError(error)) {
      return { v: PROTOCOL_VERSION, type: 'error', id, code: error.code, message: error.message };
    }
    this.#options.onError?.(error);
    return { v: PROTOCOL_VERSION, type: 'error', id, code: 'INTERNAL', message: 'internal error' };
  }

  async #subscribeUser(userId: string): Promise<void> {
    if (!this.#userSubscriptions.has(userId)) {
      this.#userSubscriptions.set(
        userId,
        this.#bus.subscribe(`user:${userId}`, (payload) => this.#deliver(userId, payload as UserEnvelope)),
      );
    }
    await this.#userSubscriptions.get(userId);
  }

  #deliver(userId: string, envelope: UserEnvelope): void {
    const connections = this.#byUser.get(userId);
    if (!connections) return;
    if (envelope.event === REVOKED) {
      const { reason } = envelope.data as { reason: string };
      for (const connection of connections) connection.close(CloseCodes.revoked, reason);
      return;
    }
    const encoded = this.#encode(envelope);
    for (const connection of connections) {
      if (envelope.conversationId === undefined) connection.sendText(encoded.text);
      else connection.deliverToConversation(envelope.conversationId, encoded);
    }
  }

  /**
   * Encodes an envelope once for every connection of its user; a chat event's
   * envelope is one object published to both participants, so on the
   * in-process bus the second participant reuses the first one's encoding.
   */
  #encode(envelope: UserEnvelope): EncodedEvent {
    if (this.#lastEncoded?.envelope === envelope) return this.#lastEncoded.encoded;
    const dataJson = JSON.stringify(envelope.data) as string | undefined;
    const encoded: EncodedEvent = {
      text: eventFrameText(envelope.event, dataJson),
      event: envelope.event,
      seq: (envelope.data as { seq?: number } | null)?.seq,
    };
    this.#lastEncoded = { envelope, encoded, dataJson };
    return encoded;
  }

  /**
   * The ack of a request. A sent message's ack carries the message its
   * `message.created` event has just encoded: a chat message is an immutable
   * snapshot, so that JSON is reused rather than encoded again.
   */
  #ackText(id: string, result: unknown): string {
    const last = this.#lastEncoded;
    const reusable = last !== null && last.envelope.event === 'message.created' && last.envelope.data === result;
    return ackFrameText(id, reusable ? last.dataJson : (JSON.stringify(result) as string | undefined));
  }

  /** Tells everyone who joined a conversation with `user`, in any process, that they came online or went offline. */
  async #announcePresence(user: AuthenticatedUser, online: boolean): Promise<void> {
    await this.#bus.publish(`presence:${user.id}`, { participantId: user.id, role: user.role, online });
  }

  async #watchPresence(otherId: string): Promise<void> {
    let watch = this.#presenceWatches.get(otherId);
    if (!watch) {
      const unsubscribe = this.#bus.subscribe(`presence:${otherId}`, (data) => this.#deliverPresence(otherId, data));
      watch = { joins: 0, unsubscribe };
      this.#presenceWatches.set(otherId, watch);
    }
    watch.joins++;
    await watch.unsubscribe;
  }

  async #unwatchPresence(otherId: string): Promise<void> {
    const watch = this.#presenceWatches.get(otherId);
    if (!watch || --watch.joins > 0) return;
    this.#presenceWatches.delete(otherId);
    await (await watch.unsubscribe)();
  }

  #deliverPresence(otherId: string, data: unknown): void {
    const text = JSON.stringify({ v: PROTOCOL_VERSION, type: 'event', event: 'presence', data } satisfies ServerFrame);
    for (const connections of this.#byUser.values()) {
      for (const connection of connections) {
        if ([...connection.joined.values()].includes(otherId)) connection.sendText(text);
      }
    }
  }

  #forwardChatEvents(): void {
    const { chat, onError } = this.#options;
    const publish = (userId: string, envelope: UserEnvelope) =>
      void this.publishToUser(userId, envelope).catch(onError);
    // Conversation events go to both participants; typing only to the other one.
    const toBoth = (event: string, parties: Parties, data: unknown) => {
      const envelope = { event, data, conversationId: parties.conversationId };
      publish(parties.userId, envelope);
      publish(parties.consultantId, envelope);
    };
    const listeners: { [E in keyof ChatEvents]?: ChatEvents[E] } = {
      'message.created': (message, parties) => toBoth('message.created', parties, message),
      'message.updated': (message, parties) => toBoth('message.updated', parties, message),
      reaction: (event, parties) => toBoth('message.reaction', parties, event),
      read: (receipt, parties) => toBoth('message.read', parties, receipt),
      typing: (event, parties) =>
        publish(event.participantId === parties.userId ? parties.consultantId : parties.userId, {
          event: 'typing',
          data: event,
        }),
      // The birth-details card changed: a consultant deciding on a request sees it as it arrives.
      'conversation.updated': (conversation) => {
        const envelope = { event: 'conversation.updated', data: conversation };
        publish(conversation.userId, envelope);
        publish(conversation.consultantId, envelope);
      },
    };
    for (const [event, listener] of Object.entries(listeners)) chat.on(event as keyof ChatEvents, listener as never);
    this.#detach.push(() => {
      for (const [event, listener] of Object.entries(listeners)) chat.off(event as keyof ChatEvents, listener as never);
    });
  }

  #beat(): void {
    for (const connections of this.#byUser.values()) {
      for (const connection of connections) {
        if (!connection.alive) {
          connection.socket.terminate();
          continue;
        }
        connection.alive = false;
        connection.socket.ping();
      }
    }
  }
}

/** Creates a {@link ConsultationServer} attached to an existing HTTP server. */
export function createConsultationServer(options: ConsultationServerOptions): ConsultationServer {
  return new ConsultationServer(options);
}

function parseFrame(raw: unknown): ClientFrame {
  const parsed = clientFrameSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'frame';
  throw frameError(`${field}: ${issue?.message ?? 'invalid'}`);
}

function frameError(message: string): TransportError {
  return new TransportError('INVALID_FRAME', message);
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
