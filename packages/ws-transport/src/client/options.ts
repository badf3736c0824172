import type { BackoffOptions } from './backoff.js';
import type { ClientError } from './client-error.js';

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

/** An event listener; `any`, as `socket.io-client` types untyped events' listeners, so its sockets fit. */
// biome-ignore lint/suspicious/noExplicitAny: the only listener type a socket.io-client socket accepts for any event name
export type SocketIoListener = (...args: any[]) => void;

/**
 * The part of a `socket.io-client` socket the consultation client uses
 * (`io(url, { autoConnect: false })` fits): described here so the client
 * entry needs `socket.io-client` neither at run time nor for its types.
 */
export interface SocketIoClientLike {
  /** Whether the socket is connected. */
  readonly connected: boolean;
  /** The handshake's auth payload; the client sets `token` in it. */
  auth: unknown;
  /** Opens the connection (or waits for Socket.io's own reconnect). */
  connect(): unknown;
  /** Closes this socket's connection. */
  disconnect(): unknown;
  /** Sends an event. */
  emit(event: string, data: string): unknown;
  /** Listens to an event. */
  on(event: string, listener: SocketIoListener): unknown;
  /** Stops listening to an event. */
  off(event: string, listener: SocketIoListener): unknown;
}

/** Connection state, for a UI indicator. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Options of {@link createConsultationClient}: a WebSocket URL, or a Socket.io socket. */
export type ClientOptions = WebSocketClientOptions | SocketIoClientOptions;

/** Options of a client over a WebSocket. */
export interface WebSocketClientOptions extends CommonClientOptions {
  /** `ws://` or `wss://` URL of the server. */
  url: string;
  /** WebSocket constructor; defaults to `globalThis.WebSocket` (pass `ws`'s on Node 20). */
  WebSocket?: new (
    url: string,
  ) => WebSocketLike;
}

/** Options of a client over Socket.io, served by `attachConsultations` of `@jyotishconnect/ws-transport/socket.io`. */
export interface SocketIoClientOptions extends CommonClientOptions {
  /**
   * A `socket.io-client` socket of the namespace the server attached to, made
   * with `autoConnect: false`; the client connects it and, after a drop,
   * connects it again with its own backoff and resumes as over a WebSocket.
   */
  socketIo: SocketIoClientLike;
}

/** Options every client has, whatever carries its frames. */
export interface CommonClientOptions {
  /** Bearer token: the `token` query parameter of a WebSocket URL (browsers cannot set upgrade headers), or `auth.token` of a Socket.io handshake. */
  token?: string | (() => string | Promise<string>);
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
