import type { Duplex } from 'node:stream';

/**
 * Coalesces the writes of an event-loop turn: the first frame sent on a socket
 * corks it, and one `setImmediate` after the turn's I/O callbacks uncorks them
 * all (as uWebSockets corks per loop iteration). A client's ack, its own echo
 * and the other participant's message handled in the same turn then leave in
 * one `writev` instead of one each: on a busy server the syscalls, not the
 * JavaScript, are most of the send cost. The price is latency under load: a
 * frame waits for the rest of its turn, never longer.
 */
export class WriteBatch {
  readonly #held: Duplex[] = [];
  readonly #flush = () => this.#uncorkAll();

  /** Holds the socket's writes until the end of this turn (once per socket and turn). */
  hold(socket: Duplex): void {
    if (socket.writableCorked > 0) return; // already held this turn
    socket.cork();
    if (this.#held.push(socket) === 1) setImmediate(this.#flush);
  }

  #uncorkAll(): void {
    // Emptied first: anything sent while flushing belongs to the next batch.
    const held = this.#held.splice(0);
    for (const socket of held) socket.uncork();
  }
}
