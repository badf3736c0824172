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
 * starts at 64 cells and doubles. Past one chunk the column adds chunks and
 * never copies: one doubling array made every write that crossed a power of
 * two copy the whole ledger (hundreds of MB in a long run) while ticks waited.
 */
export class NumberColumn {
  readonly #chunks: Float64Array[] = [new Float64Array(FIRST_CAPACITY)];
  #length = 0;

  /** Number of values appended. */
  get length(): number {
    return this.#length;
  }

  /** Appends one value. */
  push(value: number): void {
    const index = this.#length;
    const offset = index % CHUNK;
    let chunk = this.#chunks[(index - offset) / CHUNK];
    if (chunk === undefined) {
      chunk = new Float64Array(CHUNK);
      this.#chunks.push(chunk);
    } else if (offset === chunk.length) {
      chunk = this.#growFirst();
    }
    chunk[offset] = value;
    this.#length = index + 1;
  }

  /** The value at `index` (below `length`). */
  at(index: number): number {
    const offset = index % CHUNK;
    return (this.#chunks[(index - offset) / CHUNK] as Float64Array)[offset] as number;
  }

  /** Doubles the first chunk, the only one ever short of {@link CHUNK} cells. */
  #growFirst(): Float64Array {
    const first = this.#chunks[0] as Float64Array;
    const grown = new Float64Array(Math.min(first.length * 2, CHUNK));
    grown.set(first);
    this.#chunks[0] = grown;
    return grown;
  }
}
