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
 * The first chunk starts at 64 cells and doubles up to a chunk. Past it the
 * column adds whole chunks and never copies: one doubling array made every
 * write that crossed a power of two copy the whole ledger (hundreds of MB in
 * a long run) while ticks waited. A push only counts within the chunk it
 * fills: no division.
 */
export class NumberColumn {
  #first = new Float64Array(FIRST_CAPACITY);
  /** The chunks after the first, once it is full: `null` until then (most columns never get there). */
  #rest: Float64Array[] | null = null;
  /** The chunk being filled (the first, or the last of `#rest`), and the cells used in it. */
  #current = this.#first;
  #used = 0;
  #length = 0;

  /** Number of values appended. */
  get length(): number {
    return this.#length;
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.#used === this.#current.length) this.#grow();
    this.#current[this.#used++] = value;
    this.#length++;
  }

  /** The value at `index` (below `length`). */
  at(index: number): number {
    if (index < CHUNK) return this.#first[index] as number;
    const offset = index % CHUNK;
    return ((this.#rest as Float64Array[])[(index - offset) / CHUNK - 1] as Float64Array)[offset] as number;
  }

  /** Overwrites the value at `index` (below `length`). */
  set(index: number, value: number): void {
    if (index < CHUNK) {
      this.#first[index] = value;
      return;
    }
    const offset = index % CHUNK;
    ((this.#rest as Float64Array[])[(index - offset) / CHUNK - 1] as Float64Array)[offset] = value;
  }

  /** Makes room for the next value: doubles the first chunk up to a whole one, then adds whole chunks. */
  #grow(): void {
    if (this.#rest === null && this.#first.length < CHUNK) {
      const grown = new Float64Array(Math.min(this.#first.length * 2, CHUNK));
      grown.set(this.#first);
      this.#first = grown;
      this.#current = this.#first;
      return;
    }
    this.#current = new Float64Array(CHUNK);
    this.#used = 0;
    if (this.#rest === null) this.#rest = [this.#current];
    else this.#rest.push(this.#current);
  }
}

/** Values per chunk of a {@link ValueColumn}: 4,096 (a power of two, so a position splits with a shift and a mask). */
const VALUE_CHUNK_BITS = 12;
const VALUE_CHUNK = 1 << VALUE_CHUNK_BITS;

/**
 * An append-only list of values (requests, metadata) in chunks of 4,096.
 * The ledger keeps one entry per transaction for its whole life: as one array,
 * each time it grew past its capacity V8 copied it whole, and a push cost a
 * few hundred nanoseconds on average at a hundred thousand entries (more than
 * the rest of a memory transfer). A chunk is filled once and never copied.
 */
export class ValueColumn<T> {
  readonly #chunks: T[][] = [];
  #length = 0;

  /** Number of values appended. */
  get length(): number {
    return this.#length;
  }

  /** Appends one value. */
  push(value: T): void {
    const index = this.#length;
    const offset = index & (VALUE_CHUNK - 1);
    if (offset === 0) this.#chunks.push(new Array<T>(VALUE_CHUNK));
    (this.#chunks[index >>> VALUE_CHUNK_BITS] as T[])[offset] = value;
    this.#length = index + 1;
  }

  /** The value at `index` (below `length`). */
  at(index: number): T {
    return (this.#chunks[index >>> VALUE_CHUNK_BITS] as T[])[index & (VALUE_CHUNK - 1)] as T;
  }
}
