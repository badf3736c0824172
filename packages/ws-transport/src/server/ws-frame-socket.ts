import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { FrameSocket } from './frame-socket.js';
import { textFrames } from './websocket-frames.js';

/** A `ws` WebSocket as a {@link FrameSocket}: a turn's frames go to the TCP socket as one buffer. */
export class WsFrameSocket implements FrameSocket {
  /** Whether the client answered the last ping. */
  #alive = true;

  constructor(
    private readonly socket: WebSocket,
    /** The TCP socket under the WebSocket. */
    private readonly tcp: Duplex,
  ) {
    socket.on('pong', () => {
      this.#alive = true;
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  /**
   * Without compression (the server never negotiates it) `ws` writes its own
   * ping and close frames straight to the same TCP socket, so whole frames
   * written here never split one of its.
   */
  write(texts: readonly string[]): void {
    this.tcp.write(textFrames(texts));
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  /** Terminates a socket that did not answer the previous ping (a peer that vanished sends no close frame), else pings. */
  beat(): void {
    if (!this.#alive) {
      this.socket.terminate();
      return;
    }
    this.#alive = false;
    this.socket.ping();
  }
}
