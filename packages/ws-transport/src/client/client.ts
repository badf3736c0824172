import { EventEmitter } from 'eventemitter3';
import { CloseCodes, type ServerFrame } from '../frames.js';
import type { ClientRequest } from '../protocol.js';
import { backoffDelay } from './backoff.js';
import { ClientError } from './client-error.js';
import { JoinedConversations } from './joined-conversations.js';
import type { ClientEvents, ClientOptions, ConnectionState, WebSocketClientOptions, WebSocketLike } from './options.js';
import { PendingRequests } from './pending-requests.js';
import { SocketIoWebSocket } from './socket-io-socket.js';

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
  readonly #requests: PendingRequests;
  /** Joined conversations: the highest sequence delivered, and live messages held while not in sync. */
  readonly #joined = new JoinedConversations((data) => this.emit('event', 'message.created', data));
  #socket: WebSocketLike | undefined;
  #state: ConnectionState = 'closed';
  #attempt = 0;
  #stopped = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ClientOptions) {
    super();
    this.#options = options;
    this.#requests = new PendingRequests(options, (frame) => this.#socket?.send(frame));
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
    return this.#requests.add<R>(request, this.#socket?.readyState === OPEN);
  }

  /**
   * Joins a conversation: the server first replays every message after the
   * last one delivered here, then live ones follow. Live messages that race
   * the replay are held and delivered after it, in order and never twice.
   */
  join(conversationId: string): Promise<{ recovered: number }> {
    return this.#joined.join(conversationId, (afterSeq) =>
      this.request<{ recovered: number }>({ type: 'conversation.join', conversationId, afterSeq }),
    );
  }

  /** Highest message sequence delivered in a joined conversation. */
  lastSeq(conversationId: string): number {
    return this.#joined.lastSeq(conversationId);
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
    this.#requests.failAll(reason);
    this.#setState('closed');
  }

  async #open(): Promise<void> {
    this.#setState(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = await this.#newSocket();
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
        this.#joined.unsync();
        this.#requests.dropInFlight();
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

  /** A socket for one connection attempt: a WebSocket to the URL, or the Socket.io socket wrapped as one. */
  async #newSocket(): Promise<WebSocketLike> {
    const options = this.#options;
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if ('socketIo' in options) return new SocketIoWebSocket(options.socketIo, token);
    const WebSocketImpl =
      options.WebSocket ?? (globalThis as { WebSocket?: WebSocketClientOptions['WebSocket'] }).WebSocket;
    if (!WebSocketImpl) throw new ClientError('NO_WEBSOCKET', 'no WebSocket implementation: pass options.WebSocket');
    if (!token) return new WebSocketImpl(options.url);
    const url = new URL(options.url);
    url.searchParams.set('token', token);
    return new WebSocketImpl(url.toString());
  }

  /** Re-joins conversations from their last sequence, then re-sends the outbox. */
  async #resume(): Promise<void> {
    const rejoin = this.#joined.ids().map((conversationId) => this.join(conversationId).catch(() => undefined));
    this.#requests.resend();
    await Promise.all(rejoin);
  }

  #receive(raw: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'event') {
      if (frame.event === 'message.created') this.#joined.receive(frame.data, frame.recovered === true);
      else this.emit('event', frame.event, frame.data);
      return;
    }
    if (!this.#requests.answer(frame) && frame.type === 'error') {
      this.emit('error', new ClientError(frame.code, frame.message));
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
