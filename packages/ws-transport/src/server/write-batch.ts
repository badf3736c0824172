/** Something with writes held until the end of the event-loop turn. */
export interface Flushable {
  /** Writes what was held. */
  flush(): void;
}

/**
 * Coalesces the writes of an event-loop turn: the first frame queued on a
 * connection registers it, and one `setImmediate` after the turn's I/O
 * callbacks flushes them all (as uWebSockets corks per loop iteration). A
 * client's ack, its own echo and the other participant's message handled in
 * the same turn then leave in one write instead of one each: on a busy server
 * the syscalls, not the JavaScript, are most of the send cost. The price is
 * latency under load: a frame waits for the rest of its turn, never longer.
 */
export class WriteBatch {
  readonly #held: Flushable[] = [];
  readonly #flush = () => this.#flushAll();

  /** Flushes `target` at the end of this turn; call once per target and turn. */
  hold(target: Flushable): void {
    if (this.#held.push(target) === 1) setImmediate(this.#flush);
  }

  #flushAll(): void {
    // Emptied first: anything queued while flushing belongs to the next batch.
    const held = this.#held.splice(0);
    for (const target of held) target.flush();
  }
}
