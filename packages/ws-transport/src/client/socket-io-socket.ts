import { SOCKET_IO_CLOSE_EVENT, SOCKET_IO_FRAME_EVENT } from '../frames.js';
import type { SocketIoClientLike, SocketIoListener, WebSocketLike } from './options.js';

/** The browser's close code for a connection that ended without a close frame. */
const ABNORMAL_CLOSURE = 1006;
const OPEN = 1;
const CLOSED = 3;

/**
 * One connection attempt over a Socket.io socket, seen as a WebSocket: frames
 * are the server's {@link SOCKET_IO_FRAME_EVENT} events, and its
 * {@link SOCKET_IO_CLOSE_EVENT} gives the close code a WebSocket close frame
 * would. After a close it lets go of the socket, and the next attempt wraps
 * the same socket again.
 */
export class SocketIoWebSocket implements WebSocketLike {
  onopen: WebSocketLike['onopen'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onerror: WebSocketLike['onerror'] = null;
  #readyState = 0;
  /** The close the server announced before disconnecting. */
  #announced: { code: number; reason: string } | undefined;
  readonly #listeners: Record<string, SocketIoListener> = {
    connect: () => this.#opened(),
    [SOCKET_IO_FRAME_EVENT]: (data: unknown) => {
      if (this.#readyState === OPEN) this.onmessage?.({ data });
    },
    [SOCKET_IO_CLOSE_EVENT]: (close: { code: number; reason: string }) => {
      this.#announced = close;
    },
    disconnect: (reason: string) => this.#closed(this.#announced ?? { code: ABNORMAL_CLOSURE, reason }),
    // A refused handshake (the server's `data.status` is 401, 429, …) or an unreachable server.
    connect_error: (error: Error) => this.#closed({ code: ABNORMAL_CLOSURE, reason: error.message }),
  };

  constructor(
    private readonly socket: SocketIoClientLike,
    token: string | undefined,
  ) {
    if (token) socket.auth = { ...(isRecord(socket.auth) ? socket.auth : {}), token };
    for (const [event, listener] of Object.entries(this.#listeners)) socket.on(event, listener);
    // Already connected (Socket.io reconnected on its own): open after this turn, once the
    // caller (which may still be awaiting) has set its handlers, as a WebSocket would.
    if (socket.connected) setTimeout(() => this.#opened(), 0);
    else socket.connect();
  }

  get readyState(): number {
    return this.#readyState;
  }

  send(data: string): void {
    // Socket.io would buffer an event emitted while disconnected and send it on reconnect,
    // after the client had already re-sent it: a frame goes out now or never, as on a WebSocket.
    if (this.#readyState === OPEN && this.socket.connected) this.socket.emit(SOCKET_IO_FRAME_EVENT, data);
  }

  close(): void {
    if (this.#readyState === CLOSED) return;
    // Closed here first, so the `disconnect` event the socket emits at once finds no listener left.
    this.#closed({ code: 1000, reason: 'client closed' });
    this.socket.disconnect();
  }

  #opened(): void {
    if (this.#readyState !== 0 || !this.socket.connected) return;
    this.#readyState = OPEN;
    this.onopen?.({});
  }

  #closed(event: { code: number; reason: string }): void {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    for (const [name, listener] of Object.entries(this.#listeners)) this.socket.off(name, listener);
    this.onclose?.(event);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
