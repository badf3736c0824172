import type { StatementEntry } from '../../types.js';
import type { CellArena } from './cell-arena.js';
import type { TransactionLog } from './ledger.js';

/** Cells per line: sequence, transaction position, amount, balance after. */
const STRIDE = 4;
/** Cells an account's lines start with: 16 lines. */
const FIRST_CELLS = 64;
/**
 * Cells per chunk of an account's lines: 256 (64 lines, 2 KiB), reached by doubling from 64. Small,
 * so an account that keeps growing takes a chunk at a time from the store's arena and never
 * copies its lines.
 */
const LINE_CHUNK = 256;

/**
 * An account's statement lines, oldest first, in cells of the store's
 * {@link CellArena} named by address: the lines cost the heap this one object
 * of numbers (and an array of chunk addresses past the first 64 lines).
 */
export class StatementLines {
  readonly #arena: CellArena;
  readonly #reportsBalance: boolean;
  /** Address of the first chunk, which doubles from {@link FIRST_CELLS} cells up to a whole chunk. */
  #first: number;
  #firstCells = FIRST_CELLS;
  /** Addresses of the chunks after the first, once it is a whole chunk and full. */
  #rest: number[] | null = null;
  #cells = 0;

  /**
   * @param reportsBalance whether entries carry the balance after them (wallets do, system accounts not).
   * @param arena where the lines' cells come from: the store's.
   */
  constructor(reportsBalance: boolean, arena: CellArena) {
    this.#reportsBalance = reportsBalance;
    this.#arena = arena;
    this.#first = arena.take(FIRST_CELLS);
  }

  get length(): number {
    return this.#cells / STRIDE;
  }

  /** Appends a line. */
  push(sequence: number, position: number, amount: number, balanceAfter: number): void {
    // Chunks hold whole lines: the line's four cells are contiguous, in one buffer.
    this.#arena.setFour(this.#nextLineAddress(), sequence, position, amount, balanceAfter);
    this.#cells += STRIDE;
  }

  sequenceAt(index: number): number {
    return this.#arena.at(this.#address(index * STRIDE));
  }

  /** Sum of every line's amount. */
  total(): number {
    let sum = 0;
    for (let cell = 2; cell < this.#cells; cell += STRIDE) sum += this.#arena.at(this.#address(cell));
    return sum;
  }

  /** Index of the newest line whose sequence is below `sequence` (sequences ascend). */
  lastIndexBefore(sequence: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sequenceAt(middle) < sequence) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }

  /** The line at `index` as a statement entry. */
  entryAt(index: number, log: TransactionLog): StatementEntry {
    const address = this.#address(index * STRIDE);
    const arena = this.#arena;
    const position = arena.at(address + 1);
    return {
      cursor: String(arena.at(address)),
      transactionId: log.idAt(position),
      kind: log.kindAt(position),
      amount: arena.at(address + 2),
      balanceAfter: this.#reportsBalance ? arena.at(address + 3) : null,
      metadata: log.metadataAt(position),
      createdAt: log.createdAtOf(position),
    };
  }

  /** Creation time of the line at `index`. */
  createdAt(index: number, log: TransactionLog): number {
    return log.createdAtOf(this.#arena.at(this.#address(index * STRIDE) + 1));
  }

  /** Address of cell `cell` (below the cells used). */
  #address(cell: number): number {
    if (cell < LINE_CHUNK) return this.#first + cell;
    const offset = cell % LINE_CHUNK;
    return ((this.#rest as number[])[(cell - offset) / LINE_CHUNK - 1] as number) + offset;
  }

  /** Address of the next line's first cell: the first chunk doubles up to a whole one, then whole chunks follow. */
  #nextLineAddress(): number {
    const cells = this.#cells;
    if (this.#rest === null) {
      if (cells === this.#firstCells && cells < LINE_CHUNK) {
        this.#firstCells = cells * 2;
        this.#first = this.#arena.take(this.#firstCells, this.#first, cells);
      }
      if (cells < this.#firstCells) return this.#first + cells;
      this.#rest = [];
    }
    const offset = cells % LINE_CHUNK;
    if (offset === 0) this.#rest.push(this.#arena.take(LINE_CHUNK));
    return (this.#rest[this.#rest.length - 1] as number) + offset;
  }
}
