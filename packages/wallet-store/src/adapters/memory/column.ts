const FIRST_CAPACITY = 64;
/** Cells per chunk: 16,384 (128 KiB); the first chunk grows to it by doubling. */
const CHUNK = 16_384;

/**
 * An append-only column of numbers in `Float64Array` chunks. The memory store
 * keeps every ledger row for its whole life; in typed arrays those rows live
 * outside the garbage-collected heap, so collections neither scan nor copy
 * them (see the memory figures in `pnpm bench wallet`). Float64 holds every
 * safe integer, so paise, timestamps and positions all fit.
 *
 * Most columns (an account's statement lines) stay small: the first chunk
 * starts at 64 cells and doubles. Past it the column adds whole chunks and
 * never copies: one doubling array made every write that crossed a power of
 * two copy the whole ledger (hundreds of MB in a long run) while ticks waited.
 */
export class NumberColumn {
  #first = new Float64Array(FIRST_CAPACITY);
  /** The chunks after the first, once it is full: `null` until then (most columns never get there). */
  #rest: Float64Array[] | null = null;
  #length = 0;

  /** Number of values appended. */
  get length(): number {
    return this.#length;
  }

  /** Appends one value. */
  push(value: number): void {
    const index = this.#length;
    if (index < CHUNK) {
      if (index === this.#first.length) this.#growFirst();
      this.#first[index] = value;
    } else {
      const offset = index % CHUNK;
      this.#rest ??= [];
      const rest = this.#rest;
      let chunk = rest[(index - offset) / CHUNK - 1];
      if (chunk === undefined) {
        chunk = new Float64Array(CHUNK);
        rest.push(chunk);
      }
      chunk[offset] = value;
    }
    this.#length = index + 1;
  }

  /** The value at `index` (below `length`). */
  at(index: number): number {
    if (index < CHUNK) return this.#first[index] as number;
    const offset = index % CHUNK;
    return ((this.#rest as Float64Array[])[(index - offset) / CHUNK - 1] as Float64Array)[offset] as number;
  }

  /** Doubles the first chunk, up to {@link CHUNK} cells. */
  #growFirst(): void {
    const grown = new Float64Array(Math.min(this.#first.length * 2, CHUNK));
    grown.set(this.#first);
    this.#first = grown;
  }
}
