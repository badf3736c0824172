/**
 * Connection counting per participant: a participant is online while at
 * least one connection (tab, device) is open, so a second tab opening or
 * closing never flips the state. Pure bookkeeping: no timers, no I/O.
 */
export class PresenceCounter {
  readonly #connections = new Map<string, number>();

  /** Counts a new connection; true when this made the participant come online. */
  connect(participantId: string): boolean {
    const count = (this.#connections.get(participantId) ?? 0) + 1;
    this.#connections.set(participantId, count);
    return count === 1;
  }

  /** Drops one connection; true when this made the participant go offline. */
  disconnect(participantId: string): boolean {
    const count = this.#connections.get(participantId) ?? 0;
    if (count <= 1) {
      this.#connections.delete(participantId);
      return count === 1;
    }
    this.#connections.set(participantId, count - 1);
    return false;
  }

  /** Open connections of a participant. */
  connections(participantId: string): number {
    return this.#connections.get(participantId) ?? 0;
  }

  /** True while the participant has at least one connection. */
  isOnline(participantId: string): boolean {
    return this.#connections.has(participantId);
  }

  /** Ids of every online participant. */
  online(): string[] {
    return [...this.#connections.keys()];
  }
}
