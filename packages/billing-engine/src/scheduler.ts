import type { Clock, TimerHandle } from '@jyotishconnect/core';

/**
 * Something the scheduler can wake: it carries its heap position; its due
 * time lives in the scheduler, beside the heap (a field of its own would
 * cost every session a boxed number as well).
 */
export interface Scheduled {
  /** Position in the scheduler's heap; `-1` when not scheduled. */
  slot: number;
}

const INITIAL_CAPACITY = 64;

/** Options of {@link TickScheduler}. */
export interface TickSchedulerOptions<T extends Scheduled> {
  /** Source of time; the scheduler keeps at most one timer pending on it. */
  clock: Clock;
  /** Processes one due item. It may reschedule the item; rejections go to `onError`. */
  run: (item: T) => Promise<void>;
  /** Most items processed at once: a slow one holds one slot, not the queue. */
  concurrency: number;
  /** Most due items taken from the heap per turn of the event loop. */
  batchSize: number;
  /** Receives errors thrown by `run`. */
  onError: (error: unknown, item: T) => void;
}

/**
 * One timer structure for every session: a binary min-heap keyed by due
 * time, with a single pending clock timer armed for the earliest item. Due
 * items are taken in batches and processed concurrently up to a limit, so
 * ticks due together share one wake-up and a slow store call delays only
 * its own session. Items are the caller's objects (no wrapper per entry);
 * due times are a `Float64Array` in heap order beside them.
 */
export class TickScheduler<T extends Scheduled> {
  readonly #options: TickSchedulerOptions<T>;
  readonly #heap: T[] = [];
  /** `#dueAt[i]` is when `#heap[i]` is due (epoch ms). */
  #dueAt = new Float64Array(INITIAL_CAPACITY);
  readonly #ready: T[] = [];
  #readyHead = 0;
  #running = 0;
  #timer: TimerHandle | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  #closed = false;
  #waiters: Array<() => void> = [];

  constructor(options: TickSchedulerOptions<T>) {
    this.#options = options;
  }

  /** Items waiting in the heap (not counting those being processed). */
  get size(): number {
    return this.#heap.length;
  }

  /** Items being processed right now. */
  get running(): number {
    return this.#running;
  }

  /** Schedules `item` at `at`, or moves it there if it is already scheduled. */
  schedule(item: T, at: number): void {
    if (this.#closed) return;
    if (item.slot >= 0) {
      const earlier = at < (this.#dueAt[item.slot] as number);
      this.#dueAt[item.slot] = at;
      if (earlier) this.#up(item.slot);
      else this.#down(item.slot);
    } else {
      const slot = this.#heap.length;
      if (slot === this.#dueAt.length) this.#grow();
      this.#heap.push(item);
      this.#dueAt[slot] = at;
      item.slot = slot;
      this.#up(slot);
    }
    if (at < this.#timerAt) this.#arm();
  }

  /** Removes `item` if it is scheduled. */
  cancel(item: T): void {
    const slot = item.slot;
    if (slot < 0) return;
    const last = this.#heap.pop() as T;
    item.slot = -1;
    if (last !== item) {
      this.#heap[slot] = last;
      this.#dueAt[slot] = this.#dueAt[this.#heap.length] as number;
      last.slot = slot;
      this.#up(slot);
      this.#down(last.slot);
    }
  }

  /** Resolves once nothing is due or being processed (for tests on a manual clock). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.#dueNow()) this.#pump();
      if (this.#running === 0 && this.#readyHead >= this.#ready.length && !this.#dueNow()) return;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Stops the timer and drops every scheduled item; items being processed finish. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== null) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = null;
    for (const item of this.#heap) item.slot = -1;
    this.#heap.length = 0;
    this.#ready.length = 0;
    this.#readyHead = 0;
    this.#wake();
  }

  #dueNow(): boolean {
    return !this.#closed && this.#heap.length > 0 && (this.#dueAt[0] as number) <= this.#options.clock.now();
  }

  /** When the first item is due; infinity when none is scheduled. */
  #firstAt(): number {
    return this.#heap.length > 0 ? (this.#dueAt[0] as number) : Number.POSITIVE_INFINITY;
  }

  #grow(): void {
    const dueAt = new Float64Array(this.#dueAt.length * 2);
    dueAt.set(this.#dueAt);
    this.#dueAt = dueAt;
  }

  #arm(): void {
    const { clock } = this.#options;
    if (this.#timer !== null) clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerAt = Number.POSITIVE_INFINITY;
    if (this.#closed || this.#heap.length === 0) return;
    const at = this.#firstAt();
    this.#timerAt = at;
    this.#timer = clock.setTimeout(() => {
      this.#timer = null;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#pump();
    }, at - clock.now());
  }

  /** Moves a batch of due items to the ready queue and starts as many as the limit allows. */
  #pump(): void {
    const now = this.#options.clock.now();
    const { batchSize } = this.#options;
    if (this.#readyHead > 0 && this.#readyHead * 2 >= this.#ready.length) {
      this.#ready.splice(0, this.#readyHead);
      this.#readyHead = 0;
    }
    let taken = 0;
    while (taken < batchSize && this.#firstAt() <= now) {
      this.#ready.push(this.#popFirst());
      taken++;
    }
    this.#startReady();
    // Whatever is left (later items, or due items beyond this batch) gets the one timer;
    // a due remainder fires on the next turn of the event loop, after I/O has run.
    if (this.#timer === null || this.#firstAt() < this.#timerAt) this.#arm();
    this.#wake();
  }

  #startReady(): void {
    const { concurrency } = this.#options;
    while (this.#running < concurrency && this.#readyHead < this.#ready.length) {
      const item = this.#ready[this.#readyHead++] as T;
      // Rescheduled while it waited: it is back in the heap and runs when due again.
      if (item.slot >= 0) continue;
      this.#running++;
      // One reaction per item, not a `catch` and a `finally` promise each.
      this.#options.run(item).then(this.#finished, (error: unknown) => {
        try {
          this.#options.onError(error, item);
        } finally {
          this.#finished();
        }
      });
    }
  }

  /** An item finished processing: its slot goes to the next ready item. */
  readonly #finished = (): void => {
    this.#running--;
    this.#startReady();
    this.#wake();
  };

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  #popFirst(): T {
    const heap = this.#heap;
    const first = heap[0] as T;
    const last = heap.pop() as T;
    first.slot = -1;
    if (last !== first) {
      heap[0] = last;
      this.#dueAt[0] = this.#dueAt[heap.length] as number;
      last.slot = 0;
      this.#down(0);
    }
    return first;
  }

  #up(index: number): void {
    const heap = this.#heap;
    const dueAt = this.#dueAt;
    const item = heap[index] as T;
    const at = dueAt[index] as number;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parentAt = dueAt[parentIndex] as number;
      if (parentAt <= at) break;
      const parent = heap[parentIndex] as T;
      heap[index] = parent;
      dueAt[index] = parentAt;
      parent.slot = index;
      index = parentIndex;
    }
    heap[index] = item;
    dueAt[index] = at;
    item.slot = index;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const dueAt = this.#dueAt;
    const length = heap.length;
    const item = heap[index] as T;
    const at = dueAt[index] as number;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && (dueAt[right] as number) < (dueAt[left] as number)) child = right;
      const childAt = dueAt[child] as number;
      if (childAt >= at) break;
      const smallest = heap[child] as T;
      heap[index] = smallest;
      dueAt[index] = childAt;
      smallest.slot = index;
      index = child;
    }
    heap[index] = item;
    dueAt[index] = at;
    item.slot = index;
  }
}
