import type { AbsenceReport } from '@jyotishconnect/billing-engine';
import { type Clock, systemClock } from '@jyotishconnect/core';
import type { RawData } from 'ws';
import { type Bus, createInProcessBus } from '../bus/bus.js';
import { CloseCodes, PROTOCOL_VERSION } from '../frames.js';
import { billingRoutes, forwardBillingEvents } from './billing-routes.js';
import { forwardChatEvents } from './chat-events.js';
import { chatRoutes } from './chat-routes.js';
import { type AuthenticatedUser, Connection } from './connection.js';
import { linkConsultationsToChat } from './consultation-chat.js';
import { EventEncoder, type UserEnvelope } from './event-encoder.js';
import { FrameRouter } from './frame-router.js';
import type { FrameSocket } from './frame-socket.js';
import { startHeartbeat } from './heartbeat.js';
import { type ConsultationOptions, limitsSchema, type ServerLimits } from './options.js';
import { PresenceReports } from './presence-reports.js';
import { PresenceWatches } from './presence-watches.js';
import type { RouteTable } from './routes.js';
import { TransportMetrics } from './transport-metrics.js';
import { forwardWaitlistEvents, waitlistRoutes } from './waitlist-routes.js';
import { WriteBatch } from './write-batch.js';

/** What a transport tells the hub about a socket it handed over. */
export interface AcceptedSocket {
  /** A frame arrived: `ws` data, or a Socket.io event's text. */
  receive(data: RawData | string, isBinary: boolean): void;
  /** The socket closed; later calls do nothing. */
  closed(): void;
}

/** The bus event that closes a user's connections instead of reaching them. */
const REVOKED = 'connection.revoked';

/**
 * What every transport's connections share, whatever moves their bytes:
 * frames validated and routed to chat and billing, rate limits, resume,
 * presence, and events fanned out through the bus to every process holding a
 * participant's connections. A transport authenticates a socket, then hands
 * it over with {@link ConsultationHub.accept}.
 */
export class ConsultationHub {
  /** The validated limits. */
  protected readonly limits: ServerLimits;
  readonly #options: ConsultationOptions;
  readonly #bus: Bus;
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
  #open = 0;
  #closing = false;
  #closed: Promise<void> | undefined;

  protected constructor(options: ConsultationOptions) {
    this.#options = options;
    this.limits = limitsSchema.parse(options.limits ?? {});
    this.#bus = options.bus ?? createInProcessBus();
    this.#clock = options.clock ?? systemClock;
    this.#metrics = options.metrics ? new TransportMetrics(options.metrics, this.#clock) : undefined;
    const onError = (error: unknown) => options.onError?.(error);
    const reportTo = this.limits.pauseOnDisconnect ? options.billing : undefined;
    this.#presence = new PresenceReports(reportTo, this.#clock, onError);
    this.#watches = new PresenceWatches(this.#bus, () => this.#localConnections());
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
    this.#stopHeartbeat = startHeartbeat(this.limits.heartbeatMs, () => this.#localConnections());
  }

  /** Number of open connections in this process. */
  get connections(): number {
    return this.#open;
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

  /** Stops accepting connections and closes open ones with `1001 going away`; a second call waits for the first. */
  close(reason = 'server shutting down'): Promise<void> {
    this.#closed ??= this.#shutDown(reason);
    return this.#closed;
  }

  async #shutDown(reason: string): Promise<void> {
    this.#closing = true;
    this.#stopHeartbeat();
    for (const detach of this.#detach) await detach();
    // Through each connection, so frames it queued this turn (say, the last billing
    // events of a detach above) go out before its close.
    for (const connection of this.#localConnections()) connection.close(CloseCodes.goingAway, reason);
    await this.closeTransport(reason);
    for (const unsubscribe of this.#userSubscriptions.values()) await (await unsubscribe)();
    this.#userSubscriptions.clear();
  }

  /** A transport's own shutdown, once every connection was told to close. */
  protected async closeTransport(_reason: string): Promise<void> {}

  /**
   * Why a user (or anyone, for `null`) may not open one more connection now
   * (`null`: they may): the server is shutting down, or they hold the most this process allows. A
   * transport calls it with no await between it and {@link ConsultationHub.accept},
   * so two racing handshakes cannot both pass the cap.
   */
  protected refusal(userId: string | null): 'closing' | 'too many connections' | null {
    if (this.#closing) return 'closing';
    if (userId !== null && (this.#byUser.get(userId)?.size ?? 0) >= this.limits.maxConnectionsPerUser)
      return 'too many connections';
    return null;
  }

  /**
   * Takes over an authenticated socket: the transport passes each frame it
   * receives to `receive` and calls `closed` once when the socket closes.
   */
  protected accept(socket: FrameSocket, user: AuthenticatedUser): AcceptedSocket {
    const connection = new Connection(socket, this.#writes, user, this.limits, this.#clock.now());
    let local = this.#byUser.get(user.id);
    if (!local) {
      local = new Set();
      this.#byUser.set(user.id, local);
    }
    local.add(connection);
    this.#open++;
    this.#metrics?.opened();
    void this.#welcome(connection);
    let released = false;
    return {
      receive: (data, isBinary) => void this.#router.receive(connection, data, isBinary),
      closed: () => {
        if (released) return;
        released = true;
        void this.#release(connection);
      },
    };
  }

  /** Every open connection of this process, user by user. */
  *#localConnections(): Generator<Connection> {
    for (const connections of this.#byUser.values()) yield* connections;
  }

  async #welcome(connection: Connection): Promise<void> {
    const { user } = connection;
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
    this.#open--;
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
