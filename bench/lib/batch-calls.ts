/**
 * What the storage calls of an engine cost during a measured window: per
 * method, the calls made, the items per call (the batch size for the batched
 * methods) and the mean and largest duration. Shows which stage of a tick
 * holds the others back when a durable case stops keeping up.
 */

/** One method's calls in a window. */
export interface CallFigures {
  readonly calls: number;
  readonly itemsPerCall: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

interface Tally {
  calls: number;
  items: number;
  totalMs: number;
  maxMs: number;
}

/** Times the methods it wraps, per method name, until {@link BatchCalls.take} starts a new window. */
export class BatchCalls {
  #tallies = new Map<string, Tally>();

  /** Replaces `target[method]` with a timed call of the original (its first argument's length counts as items). */
  wrap<T extends object>(target: T, method: keyof T & string): void {
    const original = target[method] as (...args: unknown[]) => Promise<unknown>;
    const timed = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await original.apply(target, args);
      } finally {
        this.#record(method, Array.isArray(args[0]) ? args[0].length : 1, performance.now() - started);
      }
    };
    Object.assign(target, { [method]: timed });
  }

  /** The figures since the last take, by method; starts a new window. */
  take(): Record<string, CallFigures> {
    const figures: Record<string, CallFigures> = {};
    for (const [method, tally] of this.#tallies) {
      figures[method] = {
        calls: tally.calls,
        itemsPerCall: Math.round((tally.items / tally.calls) * 10) / 10,
        meanMs: Math.round((tally.totalMs / tally.calls) * 10) / 10,
        maxMs: Math.round(tally.maxMs),
      };
    }
    this.#tallies = new Map();
    return figures;
  }

  #record(method: string, items: number, ms: number): void {
    const tally = this.#tallies.get(method) ?? { calls: 0, items: 0, totalMs: 0, maxMs: 0 };
    tally.calls++;
    tally.items += items;
    tally.totalMs += ms;
    tally.maxMs = Math.max(tally.maxMs, ms);
    this.#tallies.set(method, tally);
  }
}

/** One line per method: `commitMany 88 calls × 95.2 items, mean 351.2 ms, max 1323 ms`. */
export function describeCalls(figures: Record<string, CallFigures>): string {
  return Object.entries(figures)
    .map(([method, f]) => `${method} ${f.calls} calls × ${f.itemsPerCall}, mean ${f.meanMs} ms, max ${f.maxMs} ms`)
    .join('; ');
}
