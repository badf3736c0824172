/**
 * Paces the batches of one kind of call: at most `maxInFlight` go to storage
 * at once, and a batch formed while they are all busy waits, gathering every
 * call made meanwhile, until one returns. So batches grow with the store's
 * latency (group commit that clocks itself): under light load a call waits
 * for nothing but its turn of the event loop, and under heavy load the calls
 * of a whole round trip share the next one.
 */
export class BatchPacer {
  readonly #maxInFlight: number;
  readonly #delayMs: number;
  readonly #waiting: (() => void)[] = [];
  #inFlight = 0;

  constructor(maxInFlight: number, delayMs: number) {
    this.#maxInFlight = maxInFlight;
    this.#delayMs = delayMs;
  }

  /** DataLoader's `batchScheduleFn`: sends the batch now (after this turn, or the delay) or once a slot frees. */
  readonly schedule = (dispatch: () => void): void => {
    if (this.#inFlight >= this.#maxInFlight) {
      this.#waiting.push(dispatch);
      return;
    }
    this.#inFlight++;
    if (this.#delayMs > 0) setTimeout(dispatch, this.#delayMs);
    // As DataLoader itself does: after the promise jobs of this turn, so every call they make joins.
    else void Promise.resolve().then(() => process.nextTick(dispatch));
  };

  /** Runs one dispatched batch; when it settles, its slot goes to the batch waiting longest. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#inFlight--;
    }
  }
}
