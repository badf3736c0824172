import type { SessionRecord } from './session-record.js';

// A session's price over its served seconds is piecewise: one rate from the
// start, and a new one from each switch of service. Every charge is the
// difference of the cumulative due at its two ends, so each is computed
// within the rate its interval started under, with seconds counted from
// where that rate began: the total is then exactly
// `charged before the switch + dueAt(newRate, t − rateFrom)`.
// Switches open a fresh interval, so only the last rate and the one before
// it (the closing interval's) are ever needed. Which of the two prices an
// interval is decided by its index, not its seconds: an interval opened and
// cut within the switch's second starts where the new rate does, yet was
// held at the old one.

/** The fields a session is priced from. */
export type Priced = Pick<
  SessionRecord,
  | 'ratePerMinute'
  | 'freeSeconds'
  | 'rateFromSeconds'
  | 'rateFromIndex'
  | 'previousRatePerMinute'
  | 'previousRateFromSeconds'
>;

/**
 * One rate of a session, as the single-rate functions of `proration.ts` take
 * it: seconds are counted from `start`, and the free seconds left from there.
 */
export interface Segment {
  /** Paise per minute. */
  readonly rate: number;
  /** Served seconds at which the rate began. */
  readonly start: number;
  /** Free seconds still ahead at `start` (the promotions fund them at this rate). */
  readonly free: number;
}

/** The rate interval `index` is priced at (the open interval and any later one: the current rate). */
export function segmentOf(session: Priced, index: number): Segment {
  const current = index >= session.rateFromIndex;
  const start = current ? session.rateFromSeconds : session.previousRateFromSeconds;
  const rate = current ? session.ratePerMinute : session.previousRatePerMinute;
  return { rate, start, free: Math.max(0, session.freeSeconds - start) };
}

/** The rate new intervals are priced at. */
export function currentSegment(session: Priced): Segment {
  return segmentOf(session, session.rateFromIndex);
}
