import type { Bus } from '../bus/bus.js';
import { PROTOCOL_VERSION, type ServerFrame } from '../frames.js';
import type { AuthenticatedUser, Connection } from './connection.js';

/**
 * Presence over the bus: announces when a user's first connection opens or
 * last one closes, and listens, once per process, to the presence of each
 * user someone here joined a conversation with.
 */
export class PresenceWatches {
  /** Presence channels this process listens to, with how many local joins need each. */
  readonly #watches = new Map<string, { joins: number; unsubscribe: Promise<() => Promise<void>> }>();

  constructor(
    private readonly bus: Bus,
    /** Every open connection of this process. */
    private readonly connections: () => Iterable<Connection>,
  ) {}

  /** Tells everyone who joined a conversation with `user`, in any process, that they came online or went offline. */
  async announce(user: AuthenticatedUser, online: boolean): Promise<void> {
    await this.bus.publish(`presence:${user.id}`, { participantId: user.id, role: user.role, online });
  }

  /** A connection here joined a conversation with `otherId`: deliver their presence changes to it. */
  async watch(otherId: string): Promise<void> {
    let watch = this.#watches.get(otherId);
    if (!watch) {
      const unsubscribe = this.bus.subscribe(`presence:${otherId}`, (data) => this.#deliver(otherId, data));
      watch = { joins: 0, unsubscribe };
      this.#watches.set(otherId, watch);
    }
    watch.joins++;
    await watch.unsubscribe;
  }

  /** A connection here left a conversation with `otherId` (or closed); the last one out stops listening. */
  async unwatch(otherId: string): Promise<void> {
    const watch = this.#watches.get(otherId);
    if (!watch || --watch.joins > 0) return;
    this.#watches.delete(otherId);
    await (await watch.unsubscribe)();
  }

  #deliver(otherId: string, data: unknown): void {
    const text = JSON.stringify({ v: PROTOCOL_VERSION, type: 'event', event: 'presence', data } satisfies ServerFrame);
    for (const connection of this.connections()) {
      if ([...connection.joined.values()].includes(otherId)) connection.sendText(text);
    }
  }
}
