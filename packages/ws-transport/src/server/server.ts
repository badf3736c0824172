import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AbsenceReport } from '@jyotishconnect/billing-engine';
import { type Clock, systemClock } from '@jyotishconnect/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Bus, createInProcessBus } from '../bus/bus.js';
import { CloseCodes, PROTOCOL_VERSION } from '../frames.js';
import { billingRoutes, forwardBillingEvents } from './billing-routes.js';
import { forwardChatEvents } from './chat-events.js';
import { chatRoutes } from './chat-routes.js';
import { type AuthenticatedUser, Connection } from './connection.js';
import { linkConsultationsToChat } from './consultation-chat.js';
import { EventEncoder, type UserEnvelope } from './event-encoder.js';
import { FrameRouter } from './frame-router.js';
import { answerPongs, startHeartbeat } from './heartbeat.js';
import { type ConsultationServerOptions, limitsSchema, type ServerLimits } from './options.js';
import { PresenceReports } from './presence-reports.js';
import { PresenceWatches } from './presence-watches.js';
import type { RouteTable } from './routes.js';
import { TransportMetrics } from './transport-metrics.js';
import { handleUpgrade, type UpgradeGate } from './upgrade.js';
import { forwardWaitlistEvents, waitlistRoutes } from './waitlist-routes.js';
import { WriteBatch } from './write-batch.js';

/** The bus event that closes a user's connections instead of reaching them. */
const REVOKED = 'connection.revoked';

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
  readonly #router: FrameRouter;
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #userSubscriptions = new Map<string, Promise<() => Promise<void>>>();
  readonly #watches: PresenceWatches;
  readonly #stopHeartbeat: () => void;
  readonly #detach: Array<() => void | Promise<void>> = [];
  readonly #clock: Clock;
  readonly #presence: PresenceReports;
  readonly #writes = new WriteBatch();
  readonly #encoder = new EventEncoder();
  readonly #metrics: TransportMetrics | undefined;
  #closing = false;

  constructor(options: ConsultationServerOptions) {
    this.#options = options;
    this.#limits = limitsSchema.parse(options.limits ?? {});
    this.#bus = options.bus ?? createInProcessBus();
    this.#clock = options.clock ?? systemClock;
    this.#metrics = options.metrics ? new TransportMetrics(options.metrics, this.#clock) : undefined;
    const onError = (error: unknown) => options.onError?.(error);
    const reportTo = this.#limits.pauseOnDisconnect ? options.billing : undefined;
    this.#presence = new PresenceReports(reportTo, this.#clock, onError);
    this.#watches = new PresenceWatches(this.#bus, () => this.#localConnections());
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.#limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    const relay = (userId: string, event: string, data: unknown) => this.publishToUser(userId, { event, data });
    const routes: RouteTable = {
      ping: async () => ({ pong: this.#clock.now() }),
      ...chatRoutes(options.chat, {
        relay,
        watchPresence: (otherId) => this.#watches.watch(otherId),
        unwatchPresence: (otherId) => this.#watches.unwatch(otherId),
        isOnline: (userId) => this.isConnected(userId),
      }),
      ...(options.billing ? billingRoutes(options.billing, relay) : {}),
      ...(options.billing ? waitlistRoutes(options.billing) : {}),
    };
    this.#router = new FrameRouter(routes, options, this.#clock, this.#encoder, this.#metrics);
    const onPublishError = options.onError;
    this.#detach.push(
      forwardChatEvents(options.chat, (userId, envelope) => {
        void this.publishToUser(userId, envelope).catch(onPublishError);
      }),
    );
    if (options.billing) {
      this.#detach.push(forwardBillingEvents(options.billing, relay));
      this.#detach.push(forwardWaitlistEvents(options.billing, relay));
      this.#detach.push(linkConsultationsToChat(options.billing, options.chat, onError));
    }
    const gate: UpgradeGate = {
      options,
      wss: this.#wss,
      maxConnectionsPerUser: this.#limits.maxConnectionsPerUser,
      closing: () => this.#closing,
      connectionsOf: (userId) => this.#byUser.get(userId)?.size ?? 0,
      accept: (ws, tcp, user) => void this.#accept(ws, tcp, user),
    };
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      void handleUpgrade(request, socket, head, gate);
    options.server.on('upgrade', onUpgrade);
    this.#detach.push(() => void options.server.off('upgrade', onUpgrade));
    this.#stopHeartbeat = startHeartbeat(this.#limits.heartbeatMs, () => this.#localConnections());
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
    await this.#bus.publish(`user:${userId}`, this.#metrics ? this.#metrics.stamped(envelope) : envelope);
  }

  /** Stops accepting connections and closes open ones with `1001 going away`. */
  async close(reason = 'server shutting down'): Promise<void> {
    this.#closing = true;
    this.#stopHeartbeat();
    for (const detach of this.#detach) await detach();
    // Through each connection first, so frames it queued this turn (say, the last billing
    // events of a detach above) go out before its close frame.
    for (const connection of this.#localConnections()) connection.close(CloseCodes.goingAway, reason);
    for (const socket of this.#wss.clients) socket.close(CloseCodes.goingAway, reason); // no-op once closing
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    for (const unsubscribe of this.#userSubscriptions.values()) await (await unsubscribe)();
    this.#userSubscriptions.clear();
  }

  /** Every open connection of this process, user by user. */
  *#localConnections(): Generator<Connection> {
    for (const connections of this.#byUser.values()) yield* connections;
  }

  async #accept(socket: WebSocket, tcp: Duplex, user: AuthenticatedUser): Promise<void> {
    const connection = new Connection(socket, tcp, this.#writes, user, this.#limits, this.#clock.now());
    let local = this.#byUser.get(user.id);
    if (!local) {
      local = new Set();
      this.#byUser.set(user.id, local);
    }
    local.add(connection);
    this.#metrics?.opened();
    answerPongs(connection);
    socket.on('message', (data, isBinary) => void this.#router.receive(connection, data, isBinary));
    socket.on('close', () => void this.#release(connection));
    socket.on('error', () => undefined); // 'close' follows
    try {
      await this.#subscribeUser(user.id);
      connection.event('welcome', { user, protocol: PROTOCOL_VERSION, iceServers: this.#options.iceServers ?? [] });
      this.#metrics?.sent('event');
      if ((await this.#bus.adjustPresence(user.id, 1)) === 1) {
        this.#presence.cameBack(user.id);
        await this.#watches.announce(user, true);
      }
    } catch (error) {
      this.#options.onError?.(error);
      connection.close(CloseCodes.goingAway, 'bus unavailable');
    }
  }

  async #release(connection: Connection): Promise<void> {
    const { user } = connection;
    this.#metrics?.closed();
    for (const otherId of connection.joined.values()) await this.#watches.unwatch(otherId);
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
        await this.#watches.announce(user, false);
      }
    } catch (error) {
      this.#options.onError?.(error);
    }
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
    this.#metrics?.delivered(envelope, connections.size);
    const encoded = this.#encoder.encode(envelope);
    for (const connection of connections) {
      if (envelope.conversationId === undefined) connection.sendText(encoded.text);
      else connection.deliverToConversation(envelope.conversationId, encoded);
    }
  }
}

/** Creates a {@link ConsultationServer} attached to an existing HTTP server. */
export function createConsultationServer(options: ConsultationServerOptions): ConsultationServer {
  return new ConsultationServer(options);
}
