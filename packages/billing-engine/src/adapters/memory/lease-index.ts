const INITIAL_CAPACITY = 64;

/**
 * Open sessions ordered by lease expiry, so a takeover poll reads the
 * expired leases first and stops: O(claimed · log n), not a scan of every
 * session. A binary min-heap with one entry per open session, which a lease
 * renewal moves up or down in place.
 *
 * An earlier heap left a renewed session's old entry behind and dropped
 * stale entries all at once when they outnumbered the open sessions: at
 * 300,000 sessions that compaction held the event loop for 0.3 s while ticks
 * waited (`pnpm bench billing`). Here each session has a slot, stable while
 * it is open, with its key and heap position in typed arrays; the heap
 * holds slot numbers, so a move touches no object and no string.
 */
export class LeaseIndex {
  readonly #slotOf = new Map<string, number>();
  /** Per slot: the session id (`undefined` when free), lease expiry and heap position. */
  readonly #ids: (string | undefined)[] = [];
  #keys = new Float64Array(INITIAL_CAPACITY);
  #positions = new Int32Array(INITIAL_CAPACITY);
  /** Slots in heap order, the first `#length` of them. */
  #heap = new Int32Array(INITIAL_CAPACITY);
  #length = 0;
  readonly #freeSlots: number[] = [];

  /** Number of sessions indexed. */
  get size(): number {
    return this.#slotOf.size;
  }

  /** Indexes session `id` as open with its lease until `leaseUntil`: call when it opens or its lease moves. */
  set(id: string, leaseUntil: number): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) {
      const fresh = this.#takeSlot(id);
      this.#keys[fresh] = leaseUntil;
      this.#insert(fresh);
      return;
    }
    const before = this.#keys[slot] as number;
    this.#keys[slot] = leaseUntil;
    const position = this.#positions[slot] as number;
    if (leaseUntil < before) this.#up(position);
    else this.#down(position);
  }

  /** Stops indexing session `id`: call when it ends. */
  delete(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    this.#removeAt(this.#positions[slot] as number);
    this.#slotOf.delete(id);
    this.#ids[slot] = undefined;
    this.#freeSlots.push(slot);
  }

  /**
   * Ids of the open sessions whose lease ended at or before `now`, oldest
   * lease first (then by id), at most `limit`. They stay indexed: claimable
   * until written.
   */
  expiredBy(now: number, limit: number): string[] {
    const taken: number[] = [];
    while (this.#length > 0) {
      const top = this.#heap[0] as number;
      const leaseUntil = this.#keys[top] as number;
      if (leaseUntil > now) break;
      // Past the limit, keep taking only ties with the last one taken: the order by id decides among them.
      if (taken.length >= limit && leaseUntil > (this.#keys[taken[taken.length - 1] as number] as number)) break;
      this.#removeAt(0);
      taken.push(top);
    }
    for (const slot of taken) this.#insert(slot);
    const found = taken.map((slot) => ({ id: this.#ids[slot] as string, leaseUntil: this.#keys[slot] as number }));
    found.sort((a, b) => a.leaseUntil - b.leaseUntil || (a.id < b.id ? -1 : 1));
    return found.slice(0, limit).map((entry) => entry.id);
  }

  /** A slot for `id`: a freed one, or a new one at the end (the arrays doubling when full). */
  #takeSlot(id: string): number {
    let slot = this.#freeSlots.pop();
    if (slot === undefined) {
      slot = this.#ids.length;
      if (slot === this.#keys.length) this.#growTo(slot * 2);
      this.#ids.push(id);
    } else this.#ids[slot] = id;
    this.#slotOf.set(id, slot);
    return slot;
  }

  #growTo(capacity: number): void {
    const keys = new Float64Array(capacity);
    keys.set(this.#keys);
    this.#keys = keys;
    const positions = new Int32Array(capacity);
    positions.set(this.#positions);
    this.#positions = positions;
    const heap = new Int32Array(capacity);
    heap.set(this.#heap);
    this.#heap = heap;
  }

  /** Puts `slot` (not in the heap) into it. */
  #insert(slot: number): void {
    const position = this.#length++;
    this.#heap[position] = slot;
    this.#positions[slot] = position;
    this.#up(position);
  }

  /** Takes the slot at heap `position` out of the heap (its slot stays taken). */
  #removeAt(position: number): void {
    const last = this.#heap[--this.#length] as number;
    if (position === this.#length) return;
    this.#heap[position] = last;
    this.#positions[last] = position;
    this.#up(position);
    this.#down(this.#positions[last] as number);
  }

  #up(position: number): void {
    const heap = this.#heap;
    const keys = this.#keys;
    const slot = heap[position] as number;
    const key = keys[slot] as number;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      const parentSlot = heap[parent] as number;
      if ((keys[parentSlot] as number) <= key) break;
      heap[position] = parentSlot;
      this.#positions[parentSlot] = position;
      position = parent;
    }
    heap[position] = slot;
    this.#positions[slot] = position;
  }

  #down(position: number): void {
    const heap = this.#heap;
    const keys = this.#keys;
    const length = this.#length;
    const slot = heap[position] as number;
    const key = keys[slot] as number;
    for (;;) {
      let child = 2 * position + 1;
      if (child >= length) break;
      if (child + 1 < length && (keys[heap[child + 1] as number] as number) < (keys[heap[child] as number] as number)) {
        child++;
      }
      const childSlot = heap[child] as number;
      if ((keys[childSlot] as number) >= key) break;
      heap[position] = childSlot;
      this.#positions[childSlot] = position;
      position = child;
    }
    heap[position] = slot;
    this.#positions[slot] = position;
  }
}
