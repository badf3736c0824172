import type { SessionRecord } from '../../session-record.js';

// How the memory store keeps a session: its times in a row of numbers, the rest in an object it
// updates in place. Epoch milliseconds do not fit V8's small integers, so a record keeps each of
// its times as a heap object of its own: five of a running session's eight, each one more for
// every full collection to mark (`docs/guides/scaling.md`). Rows keep them out of the heap, and an
// object written in place leaves the old generation nothing to collect per tick.

/** The record's times, in row order: the fields kept in {@link SessionTimes}. */
const TIME_FIELDS = [
  'requestedAt',
  'requestExpiresAt',
  'acceptedAt',
  'pausedAt',
  'endedAt',
  'userAwaySince',
  'userBackAt',
  'consultantAwaySince',
  'consultantBackAt',
  'intervalStartedAt',
  'leaseUntil',
  'checkpointAt',
] as const satisfies readonly (keyof SessionRecord)[];

type TimeField = (typeof TIME_FIELDS)[number];

/** The fields of a record kept as they are. */
type KeptField = Exclude<keyof SessionRecord, TimeField>;

/** What the store keeps of a session besides its times, and the number of its row of times. */
export type StoredSession = { -readonly [K in KeptField]: SessionRecord[K] } & { readonly row: number };

/** The position of each time in a row. */
export const AT = Object.fromEntries(TIME_FIELDS.map((field, k) => [field, k])) as Record<TimeField, number>;

const WIDTH = TIME_FIELDS.length;
const ROWS_PER_CHUNK = 4_096;
/** `null` in a row: no time is NaN. */
const NONE = Number.NaN;

/**
 * The times of every stored session, a row each, in fixed-size chunks: growing never copies
 * what is there (a doubling copy of millions of rows would hold the event loop).
 */
export class SessionTimes {
  readonly #chunks: Float64Array[] = [];
  #rows = 0;

  /** Stores the times of `record` in a new row; returns its number. */
  add(record: SessionRecord): number {
    const row = this.#rows++;
    if (row % ROWS_PER_CHUNK === 0) this.#chunks.push(new Float64Array(ROWS_PER_CHUNK * WIDTH));
    this.write(row, record);
    return row;
  }

  /** Overwrites row `row` with the times of `record`. */
  write(row: number, record: SessionRecord): void {
    const chunk = this.#chunks[Math.floor(row / ROWS_PER_CHUNK)] as Float64Array;
    const start = (row % ROWS_PER_CHUNK) * WIDTH;
    for (let k = 0; k < WIDTH; k++) chunk[start + k] = record[TIME_FIELDS[k] as TimeField] ?? NONE;
  }

  /** Time `k` (a position in {@link TIME_FIELDS}) of row `row`; `null` when none. */
  get(row: number, k: number): number | null {
    const value = (this.#chunks[Math.floor(row / ROWS_PER_CHUNK)] as Float64Array)[
      (row % ROWS_PER_CHUNK) * WIDTH + k
    ] as number;
    return Number.isNaN(value) ? null : value;
  }
}

/** What the store keeps of `record` besides its times, its times being in row `row`. */
export function storedOf(record: SessionRecord, row: number): StoredSession {
  return {
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
    pauseReason: record.pauseReason,
    servedMs: record.servedMs,
    intervalIndex: record.intervalIndex,
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
    row,
  };
}

/** Writes `record` over what the store keeps of its session, in place. */
export function overwrite(stored: StoredSession, times: SessionTimes, record: SessionRecord): void {
  Object.assign(stored, storedOf(record, stored.row));
  times.write(stored.row, record);
}

/** The record a stored session and its row of times stand for: a new object, which nobody else holds. */
export function recordOf(stored: StoredSession, times: SessionTimes): SessionRecord {
  const { row } = stored;
  // Spelled out, not spread: one allocation with every field inside it (see `session-draft.ts`).
  return {
    id: stored.id,
    userId: stored.userId,
    consultantId: stored.consultantId,
    service: stored.service,
    source: stored.source,
    status: stored.status,
    endReason: stored.endReason,
    ratePerMinute: stored.ratePerMinute,
    rateFromSeconds: stored.rateFromSeconds,
    rateFromIndex: stored.rateFromIndex,
    previousRatePerMinute: stored.previousRatePerMinute,
    previousRateFromSeconds: stored.previousRateFromSeconds,
    offeredService: stored.offeredService,
    commissionBps: stored.commissionBps,
    freeSeconds: stored.freeSeconds,
    requestedAt: times.get(row, AT.requestedAt) as number,
    requestExpiresAt: times.get(row, AT.requestExpiresAt) as number,
    acceptedAt: times.get(row, AT.acceptedAt),
    pausedAt: times.get(row, AT.pausedAt),
    pauseReason: stored.pauseReason,
    endedAt: times.get(row, AT.endedAt),
    userAwaySince: times.get(row, AT.userAwaySince),
    userBackAt: times.get(row, AT.userBackAt),
    consultantAwaySince: times.get(row, AT.consultantAwaySince),
    consultantBackAt: times.get(row, AT.consultantBackAt),
    servedMs: stored.servedMs,
    intervalIndex: stored.intervalIndex,
    intervalStartedAt: times.get(row, AT.intervalStartedAt) as number,
    intervalPlannedMs: stored.intervalPlannedMs,
    closingIndex: stored.closingIndex,
    closingFromMs: stored.closingFromMs,
    closingToMs: stored.closingToMs,
    closingPlannedMs: stored.closingPlannedMs,
    nextIndex: stored.nextIndex,
    intervals: stored.intervals,
    userCharged: stored.userCharged,
    promoCharged: stored.promoCharged,
    consultantShare: stored.consultantShare,
    commission: stored.commission,
    lowBalance: stored.lowBalance,
    version: stored.version,
    leaseOwner: stored.leaseOwner,
    leaseUntil: times.get(row, AT.leaseUntil) as number,
    checkpointAt: times.get(row, AT.checkpointAt) as number,
  };
}
