// The ledger finds every transaction by id (and the hold table every hold), once to refuse or
// replay a repeated id and again to read it back. A `Map<string, number>` did it, and was the largest cost of a memory transfer: its
// table lives on the collected heap, points at every id, and is copied there each time it doubles,
// so collections scanned and moved it as the ledger grew (`pnpm bench wallet`, and the ceiling it
// prints beside the bare `Map`). This index keeps only numbers, in typed arrays outside that heap:
// a slot holds a log position and the id's hash, the ids themselves stay in the log (`id-text.ts`).
//
// Ids come from callers, so the hash is seeded per index at random: nobody can choose ids that
// share a slot without knowing the seed. Should a probe still run long (ids crafted against this
// hash, or plain bad luck), the index moves every id into a `Map`, whose hashing V8 guards against
// such ids, and uses it from then on: slower, never quadratic.
//
// The table doubles as it fills, and moving a few million slots at once stalled the process for
// a tenth of a second or more, in which every tick waited (`pnpm bench billing` at 300,000
// sessions). So a doubling moves the old table over a little at a time: each insert moves the next
// {@link MOVE_PER_ADD} old slots, and until every old slot has moved, a lookup that misses the new
// table probes the old one too. The old table is never written meanwhile, so its probes stay
// valid; an id moved already is in both, at the same position.

/** Slots an insert may probe before the index gives up on its own hash and moves to a `Map`. */
const MAX_PROBE = 128;
const FIRST_SLOTS = 1_024;
/**
 * Old slots an insert moves while the table doubles. The old table has twice as many slots as ids,
 * and the next doubling comes after as many inserts as it holds ids: moving more than 2 per insert
 * finishes first. Moving 64 keeps the span in which a miss probes both tables short (1/32 of the
 * inserts), and still costs an insert well under a microsecond.
 */
const MOVE_PER_ADD = 64;
/** Cells per slot: the log position plus one (0: empty) and the id's hash. */
const CELLS = 2;

/** A 32-bit hash of `id` under `seed` (FNV-1a over UTF-16 units, then murmur3's finalizer to spread the bits). */
export function seededHash(id: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}

/** A random 32-bit seed for {@link seededHash}. */
function randomSeed(): number {
  return crypto.getRandomValues(new Int32Array(1))[0] as number;
}

/** The log's ids by position, as the index reads them. */
export interface IndexedIds {
  /** Whether the id at `position` is `id`. */
  matches(position: number, id: string): boolean;
  /** The id at `position`. */
  at(position: number): string;
}

/**
 * Log positions by transaction id, for an append-only log whose ids are all
 * distinct: `positionOf` finds one, `add` records the next.
 */
export class IdIndex {
  readonly #ids: IndexedIds;
  readonly #hash: (id: string) => number;
  /** Open addressing, linear probing, at most half full: {@link CELLS} cells per slot. */
  #slots = new Int32Array(FIRST_SLOTS * CELLS);
  #mask = FIRST_SLOTS - 1;
  #size = 0;
  /** The table before the last doubling while its slots are being moved over, else `null`. */
  #old: Int32Array | null = null;
  /** Cells of {@link #old} moved so far. */
  #moved = 0;
  /** The id last looked up and its hash: the ledger adds a new id right after finding it absent. */
  #lastId: string | null = null;
  #lastHash = 0;
  /** Every id, once a probe ran past {@link MAX_PROBE}: the index then answers from this alone. */
  #fallback: Map<string, number> | null = null;

  /**
   * @param ids the log's ids by position; the index reads it, and the log pushes each id before adding it here.
   * @param hash the hash of an id (by default {@link seededHash} under a random seed); tests pass a poor one.
   */
  constructor(ids: IndexedIds, hash?: (id: string) => number) {
    this.#ids = ids;
    if (hash) this.#hash = hash;
    else {
      const seed = randomSeed();
      this.#hash = (id) => seededHash(id, seed);
    }
  }

  /** Whether the index has moved to a `Map` (for tests: the answers are the same either way). */
  get usesMap(): boolean {
    return this.#fallback !== null;
  }

  /** Position of `id`, or `undefined`. */
  positionOf(id: string): number | undefined {
    if (this.#fallback) return this.#fallback.get(id);
    const hash = this.#hash(id);
    this.#lastId = id;
    this.#lastHash = hash;
    const found = this.#probe(this.#slots, hash, id);
    return found === undefined && this.#old ? this.#probe(this.#old, hash, id) : found;
  }

  #probe(slots: Int32Array, hash: number, id: string): number | undefined {
    const mask = slots.length / CELLS - 1;
    // A table is at most half full: a probe always reaches an empty slot.
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = slots[slot * CELLS] as number;
      if (stored === 0) return undefined;
      if (slots[slot * CELLS + 1] === hash && this.#ids.matches(stored - 1, id)) return stored - 1;
    }
  }

  /** Records that `id` (not in the index yet) is the log's id at `position`. */
  add(id: string, position: number): void {
    if (this.#fallback) {
      this.#fallback.set(id, position);
      return;
    }
    if ((this.#size + 1) * 2 > this.#mask + 1) this.#grow();
    this.#size++;
    const hash = id === this.#lastId ? this.#lastHash : this.#hash(id);
    let probes = placeIn(this.#slots, this.#mask, hash, position);
    if (this.#old) probes = Math.max(probes, this.#moveSome(MOVE_PER_ADD * CELLS));
    if (probes > MAX_PROBE) this.#moveToMap();
  }

  /** Starts doubling the table: the old one's slots move over as ids are added. */
  #grow(): void {
    // Not reached while a doubling is under way (see MOVE_PER_ADD); finish it should it be.
    if (this.#old) this.#moveSome(this.#old.length);
    this.#old = this.#slots;
    this.#moved = 0;
    this.#slots = new Int32Array(this.#old.length * 2);
    this.#mask = this.#slots.length / CELLS - 1;
  }

  /**
   * Moves up to `cells` more cells of the old table into the new one; the stored hashes place
   * each position again without hashing an id. Returns the longest probe it made.
   */
  #moveSome(cells: number): number {
    const old = this.#old as Int32Array;
    const end = Math.min(old.length, this.#moved + cells);
    let longest = 0;
    for (let cell = this.#moved; cell < end; cell += CELLS) {
      const stored = old[cell] as number;
      if (stored !== 0)
        longest = Math.max(longest, placeIn(this.#slots, this.#mask, old[cell + 1] as number, stored - 1));
    }
    this.#moved = end;
    if (end === old.length) this.#old = null;
    return longest;
  }

  /** Moves every indexed id into a `Map`, answers from it from now on, and frees the table. */
  #moveToMap(): void {
    const map = new Map<string, number>();
    // Ids not moved over yet are still in the old table only; one moved already is in both.
    for (const slots of this.#old ? [this.#old, this.#slots] : [this.#slots]) {
      for (let cell = 0; cell < slots.length; cell += CELLS) {
        const stored = slots[cell] as number;
        if (stored !== 0) map.set(this.#ids.at(stored - 1), stored - 1);
      }
    }
    this.#fallback = map;
    this.#slots = new Int32Array(0);
    this.#old = null;
  }
}

/** Puts `position` in the first free slot from `hash`'s (the table has one); returns how many slots it probed. */
function placeIn(slots: Int32Array, mask: number, hash: number, position: number): number {
  let probes = 1;
  let slot = hash & mask;
  while (slots[slot * CELLS] !== 0) {
    slot = (slot + 1) & mask;
    probes++;
  }
  slots[slot * CELLS] = position + 1;
  slots[slot * CELLS + 1] = hash;
  return probes;
}
