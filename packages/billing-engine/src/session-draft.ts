import type { SessionRecord } from './session-record.js';

// A tick used to copy the session record three times (close the interval,
// open the next, stamp the lease), each copy of some forty fields. A draft is
// the one copy a transition makes: nobody else holds it until the driver
// writes it, so the steps may set its fields in place. The brand keeps a
// stored record from being passed where a draft is mutated.

declare const draftBrand: unique symbol;

/** A session record one transition is still building: a private copy whose fields its builder may set. */
export type SessionDraft = { -readonly [K in keyof SessionRecord]: SessionRecord[K] } & {
  readonly [draftBrand]: true;
};

/** A private copy of `record` to build the next record in. */
export function draftOf(record: SessionRecord): SessionDraft {
  return copyOf(record) as SessionDraft;
}

/** A copy of `record` nobody else holds: what a store that keeps records hands out, so its own stay private. */
export function copyOf(record: SessionRecord): SessionRecord {
  // Every field spelled out, not a spread: V8 copies an object this wide through its slow path,
  // adding the fields one by one to a property array it regrows a dozen times (3 KB of garbage
  // a tick in allocation samples of `pnpm bench billing`). A literal is one allocation with every
  // field inside the object; typed as a record, it fails to compile when a field is missing.
  const copy: SessionRecord = {
    id: record.id,
    userId: record.userId,
    consultantId: record.consultantId,
    service: record.service,
    source: record.source,
    status: record.status,
    endReason: record.endReason,
    ratePerMinute: record.ratePerMinute,
    rateFromSeconds: record.rateFromSeconds,
    rateFromIndex: record.rateFromIndex,
    previousRatePerMinute: record.previousRatePerMinute,
    previousRateFromSeconds: record.previousRateFromSeconds,
    offeredService: record.offeredService,
    commissionBps: record.commissionBps,
    freeSeconds: record.freeSeconds,
    requestedAt: record.requestedAt,
    requestExpiresAt: record.requestExpiresAt,
    acceptedAt: record.acceptedAt,
    pausedAt: record.pausedAt,
    pauseReason: record.pauseReason,
    endedAt: record.endedAt,
    userAwaySince: record.userAwaySince,
    userBackAt: record.userBackAt,
    consultantAwaySince: record.consultantAwaySince,
    consultantBackAt: record.consultantBackAt,
    servedMs: record.servedMs,
    intervalIndex: record.intervalIndex,
    intervalStartedAt: record.intervalStartedAt,
    intervalPlannedMs: record.intervalPlannedMs,
    closingIndex: record.closingIndex,
    closingFromMs: record.closingFromMs,
    closingToMs: record.closingToMs,
    closingPlannedMs: record.closingPlannedMs,
    nextIndex: record.nextIndex,
    intervals: record.intervals,
    userCharged: record.userCharged,
    promoCharged: record.promoCharged,
    consultantShare: record.consultantShare,
    commission: record.commission,
    lowBalance: record.lowBalance,
    version: record.version,
    leaseOwner: record.leaseOwner,
    leaseUntil: record.leaseUntil,
    checkpointAt: record.checkpointAt,
  };
  return copy;
}

/**
 * Records a tick replaced, to build later drafts in. A running session's
 * record lives a whole interval, long enough for V8 to move it to the old
 * generation; replaced, it dies there, and at 20,000 ticks a second those
 * deaths made V8 mark the whole heap every few seconds, each time holding
 * ticks back (`pnpm bench billing` on memory). Refilled, the replaced object
 * becomes the next record and the old generation stops growing. Only a
 * record nobody can reach any more may be given back: the driver gives back
 * what a tick replaced when its store promises fresh reads
 * (`BillingStore.freshReads`).
 */
export class DraftPool {
  readonly #spares: SessionDraft[] = [];
  readonly #capacity: number;

  /** Keeps at most `capacity` spares (`0`: a pool that keeps none, so every draft is a new object). */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** A draft of `record`, built in a spare when the pool has one. */
  draftOf(record: SessionRecord): SessionDraft {
    const spare = this.#spares.pop();
    return spare === undefined ? draftOf(record) : Object.assign(spare, record);
  }

  /** Takes a record nobody else can reach any more, to build a later draft in. */
  giveBack(record: SessionRecord): void {
    if (this.#spares.length < this.#capacity) this.#spares.push(record as SessionDraft);
  }
}
