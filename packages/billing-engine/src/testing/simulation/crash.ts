import type { Clock, TimerHandle } from '@jyotishconnect/core';

/** A clock for one engine that can be "killed": after `crash()` its timers never fire again. */
export class CrashableClock implements Clock {
  readonly #inner: Clock;
  #dead = false;
  readonly #timers = new Set<TimerHandle>();

  constructor(inner: Clock) {
    this.#inner = inner;
  }

  now(): number {
    return this.#inner.now();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const handle = this.#inner.setTimeout(() => {
      this.#timers.delete(handle);
      if (!this.#dead) callback();
    }, delayMs);
    this.#timers.add(handle);
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle);
    this.#inner.clearTimeout(handle);
  }

  /** The process died: nothing scheduled on this clock runs any more. */
  crash(): void {
    this.#dead = true;
    for (const handle of this.#timers) this.#inner.clearTimeout(handle);
    this.#timers.clear();
  }
}

/**
 * Wraps an object so that once `crash()` is called every method call
 * rejects (the in-flight work of a dead process never reaches the store),
 * and while `stall()` is in force every call waits (a process frozen by a
 * long pause, whose leases lapse meanwhile) until `resume()`.
 */
export function crashable<T extends object>(target: T) {
  let dead = false;
  let gate: Promise<void> | null = null;
  let open = () => {};
  const value = new Proxy(target, {
    get(object, key) {
      const member = Reflect.get(object, key, object);
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]) => {
        while (gate) await gate;
        if (dead) throw new Error('process crashed');
        return await (member as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
  return {
    value,
    crash: () => {
      dead = true;
      open();
    },
    stall: () => {
      gate ??= new Promise<void>((resolve) => {
        open = () => {
          gate = null;
          resolve();
        };
      });
    },
    resume: () => open(),
  };
}
