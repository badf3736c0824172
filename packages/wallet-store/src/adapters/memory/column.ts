const INITIAL_CAPACITY = 64;

/**
 * An append-only column of numbers in a growable `Float64Array`. The memory
 * store keeps every ledger row for its whole life; in a typed array those rows
 * live outside the garbage-collected heap, so collections neither scan nor copy
 * them (see the memory figures in `pnpm bench wallet`). Float64 holds every safe
 * integer, so paise, timestamps and positions all fit.
 */
export class NumberColumn {
  #cells = new Float64Array(INITIAL_CAPACITY);
  #length = 0;

  /** Number of values appended. */
  get length(): number {
    return this.#length;
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.#length === this.#cells.length) this.#grow();
    this.#cells[this.#length++] = value;
  }

  /** The value at `index` (below `length`). */
  at(index: number): number {
    return this.#cells[index] as number;
  }

  #grow(): void {
    const cells = new Float64Array(this.#cells.length * 2);
    cells.set(this.#cells);
    this.#cells = cells;
  }
}
