import type { Socket } from 'socket.io';
import { CloseCodes, SOCKET_IO_CLOSE_EVENT, SOCKET_IO_FRAME_EVENT } from '../frames.js';
import type { FrameSocket } from '../server/frame-socket.js';

/**
 * A Socket.io socket as a {@link FrameSocket}: each frame is one
 * {@link SOCKET_IO_FRAME_EVENT} event carrying its JSON text, and a close is
 * a {@link SOCKET_IO_CLOSE_EVENT} with the WebSocket close code, then a
 * disconnect of this namespace only (the app's other namespaces on the same
 * connection stay up), except for a slow consumer.
 */
export class SocketIoFrameSocket implements FrameSocket {
  /** Bytes (UTF-8, as they go on the wire) emitted since Engine.IO last handed its buffer to the transport. */
  #unsent = 0;
  readonly #drained = () => {
    this.#unsent = 0;
  };

  constructor(private readonly socket: Socket) {
    // Engine.IO flushes its write buffer whenever the transport can take more and then
    // emits `drain`; while a slow reader keeps the transport busy, frames pile up unsent.
    socket.conn.on('drain', this.#drained);
    socket.once('disconnect', () => socket.conn.off('drain', this.#drained));
  }

  get isOpen(): boolean {
    return this.socket.connected;
  }

  get bufferedBytes(): number {
    return this.#unsent;
  }

  write(texts: readonly string[]): void {
    for (const text of texts) {
      this.#unsent += Buffer.byteLength(text);
      this.socket.emit(SOCKET_IO_FRAME_EVENT, text);
    }
  }

  close(code: number, reason: string): void {
    if (!this.socket.connected) return;
    this.socket.emit(SOCKET_IO_CLOSE_EVENT, { code, reason });
    // A client too slow to read has the whole connection's buffer stuck behind it: that
    // connection ends, other namespaces' sockets on it too; any other close is this namespace's only.
    this.socket.disconnect(code === CloseCodes.slowConsumer);
  }

  /** Nothing to do: Engine.IO pings every connection itself and closes one that stops answering. */
  beat(): void {}
}
