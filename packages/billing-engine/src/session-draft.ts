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
  return copy as SessionDraft;
}
