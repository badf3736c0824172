import { placementRequest } from '../../requests.js';
import type { StoredHold, StoredRequest } from '../../store.js';
import type { Hold, Metadata } from '../../types.js';
import { IdIndex } from './id-index.js';
import { IdText } from './id-text.js';

/**
 * Every hold by id, replaced (never mutated) as it resolves. A hold keeps no
 * request object of its own when its request is the placement request its
 * own fields give ({@link placementRequest}), which is the case for every
 * placement: the request is rebuilt for a replay. Only the others (voids,
 * mostly) keep theirs, beside it.
 *
 * Holds are kept in placement order and found through the ledger's
 * {@link IdIndex}, not a `Map`: a billed session places a hold every tick and
 * the table keeps them all, so a `Map` doubled under millions of holds at a
 * time, stalling every tick for a tenth of a second, where the index moves
 * over a little at a time.
 */
export class HoldTable {
  readonly #holds: Hold[] = [];
  // The ids again, as the ledger keeps its own: an index reading one kind of id list stays
  // monomorphic, and a second kind slowed the ledger's lookups by a tenth (`pnpm bench wallet`).
  readonly #ids = new IdText();
  readonly #positions = new IdIndex(this.#ids);
  readonly #otherRequests = new Map<string, StoredRequest>();

  /** The hold `id` as it stands. */
  get(id: string): Hold | undefined {
    const position = this.#positions.positionOf(id);
    return position === undefined ? undefined : this.#at(position);
  }

  /** The hold `id` with the request that created it, or `null`. */
  stored(id: string): StoredHold | null {
    const hold = this.get(id);
    if (!hold) return null;
    return { hold, request: this.#otherRequests.get(id) ?? placementRequestOf(hold) };
  }

  /** Stores a new hold (its id not stored yet) and the request that created it. */
  insert(hold: Hold, request: StoredRequest): void {
    this.#holds.push(hold);
    this.#ids.push(hold.id);
    this.#positions.add(hold.id, this.#holds.length - 1);
    if (!isPlacementRequestOf(request, hold)) this.#otherRequests.set(hold.id, request);
  }

  /** Replaces a stored hold with its next state (same id, same request). */
  replace(hold: Hold): void {
    const position = this.#positions.positionOf(hold.id);
    if (position === undefined) throw new Error(`hold ${hold.id} replaced before it was stored`);
    this.#holds[position] = hold;
  }

  /** Every hold, in placement order. */
  values(): IterableIterator<Hold> {
    return this.#holds.values();
  }

  #at(position: number): Hold {
    return this.#holds[position] as Hold;
  }
}

/**
 * The metadata a capture of `hold` stores: the hold's own object when the
 * capture repeats it (a handful of keys compared), else the capture's.
 */
export function captureMetadata(hold: Hold, own: Metadata): Metadata {
  const shared = hold.metadata;
  if (shared === own) return own;
  const keys = Object.keys(own);
  if (keys.length !== Object.keys(shared).length) return own;
  for (const key of keys) if (!(key in shared) || !Object.is(shared[key], own[key])) return own;
  return shared;
}

/** The placement request of `hold`, rebuilt from its fields. */
function placementRequestOf(hold: Hold): StoredRequest {
  return placementRequest(hold.accountId, hold.amount, hold.expiresAt, hold.metadata);
}

/** True when `request` is exactly {@link placementRequestOf} `hold`, so it need not be kept. */
function isPlacementRequestOf(request: StoredRequest, hold: Hold): boolean {
  let keys = 0;
  for (const _ in request) keys++;
  return (
    keys === 4 &&
    request.accountId === hold.accountId &&
    request.amount === hold.amount &&
    request.expiresAt === hold.expiresAt &&
    request.metadata === hold.metadata
  );
}
