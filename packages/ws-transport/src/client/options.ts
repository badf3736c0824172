import type { BackoffOptions } from './backoff.js';
import type { ClientError } from './client-error.js';
import type { SocketIoClientLike } from './socket-io-socket.js';

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
