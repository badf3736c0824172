import type { SessionRecord } from '../../session-record.js';

const INITIAL_CAPACITY = 64;
/** Entries beyond twice the open sessions (plus this) trigger a compaction. */
const COMPACTION_SLACK = 64;

/**
 * Open sessions ordered by lease expiry, so a takeover poll reads the
 * expired leases first and stops: O(claimed · log n), not a scan of every
 * session. A binary min-heap of (leaseUntil, session id) pairs, keys in a
 * `Float64Array` beside the ids (no object per entry). A write that moves a
 * lease adds a pair and leaves the old one in place: a pair is current only
 * while the stored session is open with that very `leaseUntil`, and stale
 * pairs are dropped as they surface, or all at once when they outnumber the
 * open sessions. Pairs hold ids, not records, so a stale one keeps no record alive.
 */
export class LeaseIndex {
  readonly #current: (id: string) => SessionRecord | undefined;
  readonly #openCount: () => number;
  #keys = new Float64Array(INITIAL_CAPACITY);
  readonly #ids: string[] = [];

  /**
   * @param current the stored session `id` if it is open, else `undefined`.
   * @param openCount how many sessions are open.
   */
  constructor(current: (id: string) => SessionRecord | undefined, openCount: () => number) {
    this.#current = current;
    this.#openCount = openCount;
  }

  /** Number of pairs, stale ones included. */
  get size(): number {
    return this.#ids.length;
  }

  /** Indexes a session written open: call when it opens or its `leaseUntil` moves. */
  add(session: SessionRecord): void {
    // A renewal leaves the session's old pair, its earliest, at or near the top: drop stale tops as
    // pairs come in (up to two for each one added, so the heap shrinks back), and compact only
    // when stale pairs pile up under a current one nobody claims.
    for (let dropped = 0; dropped < 2 && this.#ids.length > 0 && this.#isStale(0); dropped++) this.#pop();
    if (this.#ids.length >= 2 * this.#openCount() + COMPACTION_SLACK) this.#compact();
    this.#push(session.leaseUntil, session.id);
  }

  /** True when the pair at `index` is no longer its session's lease (moved, or the session ended). */
  #isStale(index: number): boolean {
    return this.#current(this.#ids[index] as string)?.leaseUntil !== this.#keys[index];
  }

  /**
   * Open sessions whose lease ended at or before `now`, oldest lease first
   * (then by id), at most `limit`. They stay indexed: claimable until written.
   */
  expiredBy(now: number, limit: number): SessionRecord[] {
    const found: SessionRecord[] = [];
    const seen = new Set<string>();
    while (this.#ids.length > 0 && (this.#keys[0] as number) <= now) {
      const leaseUntil = this.#keys[0] as number;
      // Past the limit, keep taking only ties with the last one taken: the order by id decides among them.
      if (found.length >= limit && leaseUntil > (found[found.length - 1] as SessionRecord).leaseUntil) break;
      const id = this.#pop();
      const session = this.#current(id);
      if (session?.leaseUntil === leaseUntil && !seen.has(id)) {
        seen.add(id);
        found.push(session);
      }
    }
    for (const session of found) this.#push(session.leaseUntil, session.id);
    found.sort((a, b) => a.leaseUntil - b.leaseUntil || (a.id < b.id ? -1 : 1));
    return found.length > limit ? found.slice(0, limit) : found;
  }

  /** Keeps only the current pair of each open session, then restores the heap order. */
  #compact(): void {
    const ids = this.#ids;
    const seen = new Set<string>();
    let kept = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      const key = this.#keys[i] as number;
      if (seen.has(id) || this.#current(id)?.leaseUntil !== key) continue;
      seen.add(id);
      ids[kept] = id;
      this.#keys[kept++] = key;
    }
    ids.length = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #push(key: number, id: string): void {
    const index = this.#ids.length;
    if (index === this.#keys.length) {
      const keys = new Float64Array(this.#keys.length * 2);
      keys.set(this.#keys);
      this.#keys = keys;
    }
    this.#ids.push(id);
    this.#keys[index] = key;
    this.#up(index);
  }

  #pop(): string {
    const ids = this.#ids;
    const first = ids[0] as string;
    const lastId = ids.pop() as string;
    if (ids.length > 0) {
      ids[0] = lastId;
      this.#keys[0] = this.#keys[ids.length] as number;
      this.#down(0);
    }
    return first;
  }

  #up(index: number): void {
    const keys = this.#keys;
    const ids = this.#ids;
    const key = keys[index] as number;
    const id = ids[index] as string;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((keys[parent] as number) <= key) break;
      keys[index] = keys[parent] as number;
      ids[index] = ids[parent] as string;
      index = parent;
    }
    keys[index] = key;
    ids[index] = id;
  }

  #down(index: number): void {
    const keys = this.#keys;
    const ids = this.#ids;
    const length = ids.length;
    const key = keys[index] as number;
    const id = ids[index] as string;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      if (child + 1 < length && (keys[child + 1] as number) < (keys[child] as number)) child++;
      if ((keys[child] as number) >= key) break;
      keys[index] = keys[child] as number;
      ids[index] = ids[child] as string;
      index = child;
    }
    keys[index] = key;
    ids[index] = id;
  }
}
