/** Receives the payloads published on a channel. */
export type BusHandler = (payload: unknown) => void;

/**
 * Fan-out between server processes: conversation events, per-user events
 * (consultation, call signaling) and presence go through it. The in-process
 * bus serves one process; the Redis bus lets several processes serve one
 * conversation.
 */
export interface Bus {
  /** Delivers `payload` to every subscriber of `channel` in every process. */
  publish(channel: string, payload: unknown): Promise<void>;
  /** Subscribes; resolves once messages on the channel will be received. Returns the unsubscribe function. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  /**
   * Adds `delta` to a user's connection count across all processes and
   * returns the new total, so presence changes only on 0 ↔ 1.
   */
  adjustPresence(userId: string, delta: number): Promise<number>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** A {@link Bus} inside one process. */
export class InProcessBus implements Bus {
  readonly #channels = new Map<string, Set<BusHandler>>();
  readonly #presence = new Map<string, number>();

  async publish(channel: string, payload: unknown): Promise<void> {
    const handlers = this.#channels.get(channel);
    if (!handlers) return;
    // A copy: a handler may unsubscribe while the payload is being delivered.
    for (const handler of [...handlers]) handler(payload);
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    let handlers = this.#channels.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#channels.set(channel, handlers);
    }
    handlers.add(handler);
    return async () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.#channels.delete(channel);
    };
  }

  async adjustPresence(userId: string, delta: number): Promise<number> {
    const total = Math.max(0, (this.#presence.get(userId) ?? 0) + delta);
    if (total === 0) this.#presence.delete(userId);
    else this.#presence.set(userId, total);
    return total;
  }

  async close(): Promise<void> {
    this.#channels.clear();
  }
}

/** Creates a {@link Bus} for a single process. */
export function createInProcessBus(): InProcessBus {
  return new InProcessBus();
}
