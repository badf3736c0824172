// Every account of the memory store keeps its statement lines in cells that start few and grow.
// Given a buffer of its own each time, that cost a few microseconds per allocation (an
// `ArrayBuffer` is zeroed, tracked and finalized outside the heap): more than a whole transfer.
// Views of a shared buffer fixed that, but a view is an object, and with its column and lines
// objects it made three per account: at 300,000 accounts they were most of what a major
// collection marked (`pnpm bench billing`). Cells are now handed out as addresses: numbers.

/** Cells per shared buffer: 131,072 (1 MiB). */
const BUFFER_CELLS = 131_072;

/**
 * Fresh cells carved from shared 1 MiB `Float64Array`s, for the many small
 * columns of one store, named by address (buffer number × 2¹⁷ + offset).
 * Cells are never handed out twice: a column that grows leaves its old cells
 * unused, fewer than it then has, so the arena holds at most about twice the
 * cells its columns have.
 */
export class CellArena {
  readonly #buffers: Float64Array[] = [];
  /** Cells handed out of the last buffer. */
  #used = BUFFER_CELLS;

  /**
   * The address of `cells` fresh cells (at most a buffer's), contiguous; the
   * first `copied` of them a copy of the cells at `from`.
   */
  take(cells: number, from = 0, copied = 0): number {
    if (cells > BUFFER_CELLS) throw new RangeError(`${cells} cells do not fit one arena buffer`);
    if (this.#used + cells > BUFFER_CELLS) {
      this.#buffers.push(new Float64Array(BUFFER_CELLS));
      this.#used = 0;
    }
    const index = this.#buffers.length - 1;
    const buffer = this.#buffers[index] as Float64Array;
    const start = this.#used;
    this.#used += cells;
    if (copied > 0) {
      const source = this.#bufferOf(from);
      const offset = from % BUFFER_CELLS;
      // Within one buffer, `set` would copy the source aside first; `copyWithin` moves it once.
      if (source === buffer) buffer.copyWithin(start, offset, offset + copied);
      else buffer.set(source.subarray(offset, offset + copied), start);
    }
    return index * BUFFER_CELLS + start;
  }

  /** The value at `address`. */
  at(address: number): number {
    return this.#bufferOf(address)[address % BUFFER_CELLS] as number;
  }

  /** Sets the four cells from `address` (which must not cross a buffer's end): one lookup for a statement line. */
  setFour(address: number, first: number, second: number, third: number, fourth: number): void {
    const buffer = this.#bufferOf(address);
    const offset = address % BUFFER_CELLS;
    buffer[offset] = first;
    buffer[offset + 1] = second;
    buffer[offset + 2] = third;
    buffer[offset + 3] = fourth;
  }

  #bufferOf(address: number): Float64Array {
    return this.#buffers[Math.floor(address / BUFFER_CELLS)] as Float64Array;
  }
}
