import { NumberColumn } from './column.js';

// Every transaction id stays in the ledger for the store's life. Kept as the caller's strings, each
// was one more object the young-generation collector copied and then kept in the old one: with
// plain transfers leaving no request object behind, the ids were what a transfer left on the heap.
// Here an id is copied as UTF-16 code units into shared typed-array chunks, outside that heap, and
// rebuilt as a string only when read (a statement, a replay), which is rarer than written.

/** Code units per chunk: 64 Ki (128 KiB). A longer id gets a chunk of its own. */
const CHUNK_UNITS = 65_536;
/** Where a chunk index sits in a packed start: above the offset, which is below {@link CHUNK_UNITS}. */
const CHUNK_SHIFT = CHUNK_UNITS;
/** Code units turned into a string per `String.fromCharCode` call, well under any argument limit. */
const DECODE_SLICE = 8_192;

/** The ledger's transaction ids by position, as UTF-16 code units outside the collected heap. */
export class IdText {
  readonly #chunks: Uint16Array[] = [new Uint16Array(CHUNK_UNITS)];
  /** Code units used in the last chunk. */
  #used = 0;
  /** Two cells per id: its chunk index times {@link CHUNK_SHIFT} plus its offset, then its length. */
  readonly #spans = new NumberColumn();

  /** Number of ids appended. */
  get length(): number {
    return this.#spans.length / 2;
  }

  /** Appends `id`; its position is the length before the call. */
  push(id: string): void {
    const length = id.length;
    let index = this.#chunks.length - 1;
    if (this.#used + length > CHUNK_UNITS) {
      this.#chunks.push(new Uint16Array(Math.max(CHUNK_UNITS, length)));
      this.#used = 0;
      index++;
    }
    const chunk = this.#chunks[index] as Uint16Array;
    const offset = this.#used;
    for (let i = 0; i < length; i++) chunk[offset + i] = id.charCodeAt(i);
    this.#used = offset + length;
    this.#spans.push(index * CHUNK_SHIFT + offset);
    this.#spans.push(length);
  }

  /** Whether the id at `position` is `id`. */
  matches(position: number, id: string): boolean {
    const length = this.#spans.at(position * 2 + 1);
    if (length !== id.length) return false;
    const start = this.#spans.at(position * 2);
    const offset = start % CHUNK_SHIFT;
    const chunk = this.#chunks[(start - offset) / CHUNK_SHIFT] as Uint16Array;
    for (let i = 0; i < length; i++) if (chunk[offset + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  /** The id at `position` (below `length`), as a new string. */
  at(position: number): string {
    const start = this.#spans.at(position * 2);
    const length = this.#spans.at(position * 2 + 1);
    const offset = start % CHUNK_SHIFT;
    const units = (this.#chunks[(start - offset) / CHUNK_SHIFT] as Uint16Array).subarray(offset, offset + length);
    let id = '';
    for (let from = 0; from < length; from += DECODE_SLICE) {
      id += String.fromCharCode.apply(null, units.subarray(from, from + DECODE_SLICE) as unknown as number[]);
    }
    return id;
  }
}
