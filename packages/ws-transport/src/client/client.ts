import { EventEmitter } from 'eventemitter3';
import { CloseCodes, PROTOCOL_VERSION, type ServerFrame } from '../frames.js';
import type { ClientRequest } from '../protocol.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';

/** The minimal WebSocket surface the client needs: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  /** `1` while open. */
  readonly readyState: number;
  /** Sends a text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Called once the connection is open. */
  onopen: ((event: unknown) => void) | null;
  /** Called when the connection closed, with its close code and reason. */
  onclose: ((event: { code: number; reason: string }) => void) | null;
  /** Called with every frame received. */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Called on a connection error (a close follows). */
  onerror: ((event: unknown) => void) | null;
}

/** Connection state, for a UI indicator. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Options of {@link createConsultationClient}. */
export interface ClientOptions {
  /** `ws://` or `wss://` URL of the server. */
  url: string;
  /** Bearer token, sent as the `token` query parameter (browsers cannot set upgrade headers). */
  token?: string | (() => string | Promise<string>);
  /** WebSocket constructor; defaults to `globalThis.WebSocket` (pass `ws`'s on Node 20). */
  WebSocket?: new (
    url: string,
  ) => WebSocketLike;
  /** Reconnect backoff. */
  backoff?: BackoffOptions;
  /** Milliseconds before an unanswered request fails with `TIMEOUT` (default 15,000). */
  requestTimeoutMs?: number;
}

/** Events a {@link ConsultationClient} emits. */
export interface ClientEvents {
  /** Every pushed server event, by name (`message.created`, `consultation.tick`, `call.offer`, …). */
  event: (name: string, data: unknown) => void;
  /** Connection state changed. */
  state: (state: ConnectionState) => void;
  /** A server error not tied to a request (rate limit, bad frame). */
  error: (error: ClientError) => void;
}

/** A failed request, with the server's stable code (or `DISCONNECTED`, `TIMEOUT`, `CLOSED`, `REVOKED`). */
export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

interface JoinedConversation {
  /** Highest sequence delivered to the application. */
  lastSeq: number;
  /** True once the server confirmed the join on the current connection. */
  synced: boolean;
  /** Live messages that arrived before the join was confirmed. */
  held: Array<{ seq: number; data: unknown }>;
}

interface Pending {
  readonly frame: string;
  readonly resend: boolean;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: ClientError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const OPEN = 1;

/**
 * A consultation client for browsers and Node: promise-returning requests
 * resolved by acks, automatic reconnect with jittered backoff, resume of
 * joined conversations from the last sequence seen, and an outbox that
 * re-sends unacknowledged messages after a reconnect (idempotent by client
 * message id).
 */
export class ConsultationClient extends EventEmitter<ClientEvents> {
  readonly #options: ClientOptions;
  readonly #pending = new Map<string, Pending>();
  /** Joined conversations: the highest sequence delivered, and live messages held while not in sync. */
  readonly #joined = new Map<string, JoinedConversation>();
  #socket: WebSocketLike | undefined;
  #state: ConnectionState = 'closed';
  #attempt = 0;
  #nextId = 1;
  #stopped = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ClientOptions) {
    super();
    this.#options = options;
  }

  /** Current connection state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Opens the connection; resolves when it is open. */
  async connect(): Promise<void> {
    this.#stopped = false;
    await this.#open();
  }

  /** Sends a request and resolves with the server's ack result. */
  request<R = unknown>(request: ClientRequest): Promise<R> {
    const id = `r${this.#nextId++}`;
    const frame = JSON.stringify({ v: PROTOCOL_VERSION, id, ...request });
    // Sends survive reconnects: the server deduplicates them by client message id.
    const resend = request.type === 'chat.send';
    return new Promise<R>((resolve, reject) => {
      const pending: Pending = { frame, resend, resolve: resolve as (r: unknown) => void, reject, timer: undefined };
      this.#pending.set(id, pending);
      if (this.#socket?.readyState === OPEN) this.#transmit(id, pending);
      else if (!resend) this.#fail(id, new ClientError('DISCONNECTED', 'not connected'));
    });
  }

  /**
   * Joins a conversation: the server first replays every message after the
   * last one delivered here, then live ones follow. Live messages that race
   * the replay are held and delivered after it, in order and never twice.
   */
  async join(conversationId: string): Promise<{ recovered: number }> {
    let joined = this.#joined.get(conversationId);
    if (!joined) {
      joined = { lastSeq: 0, synced: false, held: [] };
      this.#joined.set(conversationId, joined);
    }
    joined.synced = false;
    try {
      const result = await this.request<{ recovered: number }>({
        type: 'conversation.join',
        conversationId,
        afterSeq: joined.lastSeq,
      });
      joined.synced = true;
      this.#releaseHeld(joined);
      return result;
    } catch (error) {
      // Refused for good (not a participant, unknown): stop tracking. Lost connection: the next resume retries.
      if (error instanceof ClientError && error.code !== 'DISCONNECTED' && error.code !== 'TIMEOUT') {
        this.#joined.delete(conversationId);
      }
      throw error;
    }
  }

  /** Highest message sequence delivered in a joined conversation. */
  lastSeq(conversationId: string): number {
    return this.#joined.get(conversationId)?.lastSeq ?? 0;
  }

  /** Closes for good: no reconnect; pending requests fail with `CLOSED`. */
  close(): void {
    this.#stop(new ClientError('CLOSED', 'client closed'));
    this.#socket?.close(1000, 'client closed');
  }

  /** Stops for good: no reconnect; pending requests fail with `reason`. */
  #stop(reason: ClientError): void {
    this.#stopped = true;
    clearTimeout(this.#reconnectTimer);
    for (const id of [...this.#pending.keys()]) this.#fail(id, reason);
    this.#setState('closed');
  }

  async #open(): Promise<void> {
    const WebSocketImpl =
      this.#options.WebSocket ?? (globalThis as { WebSocket?: ClientOptions['WebSocket'] }).WebSocket;
    if (!WebSocketImpl) throw new ClientError('NO_WEBSOCKET', 'no WebSocket implementation: pass options.WebSocket');
    this.#setState(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    const url = await this.#url();
    const socket = new WebSocketImpl(url);
    this.#socket = socket;
    await new Promise<void>((resolve, reject) => {
      let opened = false;
      socket.onopen = () => {
        opened = true;
        this.#attempt = 0;
        this.#setState('open');
        void this.#resume();
        resolve();
      };
      socket.onmessage = (event) => this.#receive(String(event.data));
      socket.onerror = () => undefined; // onclose follows and decides
      socket.onclose = (event) => {
        if (this.#socket !== socket) return;
        this.#socket = undefined;
        this.#dropInFlight();
        if (!opened) reject(new ClientError('CONNECT_FAILED', event.reason || `closed ${event.code}`));
        // A revoked account (frozen, say) would only be refused again: the client stops and says why.
        if (event.code === CloseCodes.revoked) {
          const revoked = new ClientError('REVOKED', event.reason || 'access revoked');
          this.emit('error', revoked);
          this.#stop(revoked);
        } else this.#scheduleReconnect();
      };
    });
  }

  async #url(): Promise<string> {
    const token = typeof this.#options.token === 'function' ? await this.#options.token() : this.#options.token;
    if (!token) return this.#options.url;
    const url = new URL(this.#options.url);
    url.searchParams.set('token', token);
    return url.toString();
  }

  /** Re-joins conversations from their last sequence, then re-sends the outbox. */
  async #resume(): Promise<void> {
    const rejoin = [...this.#joined.keys()].map((conversationId) => this.join(conversationId).catch(() => undefined));
    for (const [id, pending] of this.#pending) if (pending.resend) this.#transmit(id, pending);
    await Promise.all(rejoin);
  }

  #transmit(id: string, pending: Pending): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(
      () => this.#fail(id, new ClientError('TIMEOUT', 'no answer from the server')),
      this.#options.requestTimeoutMs ?? 15_000,
    );
    this.#socket?.send(pending.frame);
  }

  #receive(raw: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'event') {
      if (frame.event === 'message.created') this.#receiveMessage(frame.data, frame.recovered === true);
      else this.emit('event', frame.event, frame.data);
      return;
    }
    const pending = frame.id === null ? undefined : this.#pending.get(frame.id);
    if (!pending) {
      if (frame.type === 'error') this.emit('error', new ClientError(frame.code, frame.message));
      return;
    }
    this.#pending.delete(frame.id as string);
    clearTimeout(pending.timer);
    if (frame.type === 'ack') pending.resolve(frame.result);
    else pending.reject(new ClientError(frame.code, frame.message));
  }

  /** Delivers a message in order: replayed ones at once, live ones only once the conversation is in sync. */
  #receiveMessage(data: unknown, recovered: boolean): void {
    const message = data as { conversationId?: unknown; seq?: unknown };
    const joined = typeof message.conversationId === 'string' ? this.#joined.get(message.conversationId) : undefined;
    if (!joined || typeof message.seq !== 'number') {
      this.emit('event', 'message.created', data);
      return;
    }
    if (!recovered && !joined.synced) {
      joined.held.push({ seq: message.seq, data });
      return;
    }
    this.#deliverInOrder(joined, message.seq, data);
  }

  #releaseHeld(joined: JoinedConversation): void {
    const held = joined.held.sort((a, b) => a.seq - b.seq);
    joined.held = [];
    for (const { seq, data } of held) this.#deliverInOrder(joined, seq, data);
  }

  #deliverInOrder(joined: JoinedConversation, seq: number, data: unknown): void {
    if (seq <= joined.lastSeq) return; // already delivered: a live copy racing its replayed copy
    joined.lastSeq = seq;
    this.emit('event', 'message.created', data);
  }

  #dropInFlight(): void {
    for (const joined of this.#joined.values()) joined.synced = false;
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      if (!pending.resend) this.#fail(id, new ClientError('DISCONNECTED', 'connection lost before an answer'));
    }
  }

  #scheduleReconnect(): void {
    if (this.#stopped) return;
    this.#setState('reconnecting');
    const delay = backoffDelay(this.#attempt++, this.#options.backoff);
    this.#reconnectTimer = setTimeout(() => {
      this.#open().catch(() => undefined);
    }, delay);
  }

  #fail(id: string, error: ClientError): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}

/** Creates a {@link ConsultationClient}; call `connect()` to open it. */
export function createConsultationClient(options: ClientOptions): ConsultationClient {
  return new ConsultationClient(options);
}
