// Every account of the memory store keeps its statement lines in a column of numbers whose first
// chunk starts small and doubles. Given a buffer of its own each time, that cost a few microseconds
// per allocation (an `ArrayBuffer` is zeroed, tracked and finalized outside the heap): more than a
// whole transfer, and it came up as the largest single frame of the transfers bench (`pnpm bench
// wallet`) once the ledger's own costs were cut. A view of a shared buffer costs a few nanoseconds.

/** Cells per shared buffer: 131,072 (1 MiB). */
const ARENA_CELLS = 131_072;
/** Larger requests get a buffer of their own: they are rare, and would waste the end of a shared one. */
const LARGEST_SHARED = 4_096;

/** Hands out `cells` fresh cells, the first of them a copy of `copyOf` when given (a column that grows). */
export type CellSource = (cells: number, copyOf?: Float64Array) => Float64Array;

/** Fresh cells on a buffer of their own. */
export const ownBuffer: CellSource = (cells, copyOf) => {
  const fresh = new Float64Array(cells);
  if (copyOf) fresh.set(copyOf);
  return fresh;
};

/**
 * Fresh `Float64Array`s carved from shared 1 MiB buffers, for the many small
 * columns of one store. Cells are never handed out twice: a column that grows
 * leaves its old cells unused, fewer than it then has, so the arena holds at
 * most about twice the cells its columns have (and saves the per-buffer overhead).
 */
export class CellArena {
  /** The buffer being carved, as one array (for copies within it), or `null` before the first request. */
  #whole: Float64Array | null = null;
  /** Cells handed out of `#whole`. */
  #used = 0;

  /** See {@link CellSource}: a view of a shared buffer, or a buffer of their own when large. */
  readonly take: CellSource = (cells, copyOf) => {
    if (cells > LARGEST_SHARED) return ownBuffer(cells, copyOf);
    let whole = this.#whole;
    if (whole === null || this.#used + cells > ARENA_CELLS) {
      whole = new Float64Array(ARENA_CELLS);
      this.#whole = whole;
      this.#used = 0;
    }
    const start = this.#used;
    this.#used += cells;
    if (copyOf) {
      // Between two views of one buffer, `set` would copy the source aside first; `copyWithin` moves it once.
      if (copyOf.buffer === whole.buffer) {
        const from = copyOf.byteOffset / Float64Array.BYTES_PER_ELEMENT;
        whole.copyWithin(start, from, from + copyOf.length);
      } else whole.set(copyOf, start);
    }
    return whole.subarray(start, start + cells);
  };
}
