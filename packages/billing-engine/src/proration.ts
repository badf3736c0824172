import { mulDivFloor } from '@jyotishconnect/core';

// Pure money arithmetic of a consultation. Every amount is computed from the
// session start (the cumulative-due rule), so a session's total is exactly
// `dueAt(rate, seconds used)` however intervals, pauses and an early end fall.

/** Paise due after `seconds` served at `ratePerMinute`: `floor(rate * seconds / 60)`. */
export function dueAt(ratePerMinute: number, seconds: number): number {
  return mulDivFloor(ratePerMinute, seconds, 60);
}

/** The platform's part of `total` paise at `commissionBps`, rounded down: `floor(total × bps / 10,000)`. */
export function commissionOn(total: number, commissionBps: number): number {
  return mulDivFloor(total, commissionBps, 10_000);
}

/** Whole seconds in `ms` milliseconds of service; a started second is not charged until it is complete. */
export function secondsIn(ms: number): number {
  return Math.floor(ms / 1000);
}

/** The charge of the interval from `fromSeconds` to `toSeconds` of service: `due(to) - due(from)`. */
export function intervalCharge(ratePerMinute: number, fromSeconds: number, toSeconds: number): number {
  return dueAt(ratePerMinute, toSeconds) - dueAt(ratePerMinute, fromSeconds);
}

/** Who pays an interval's charge: the user, and the promotions account for free seconds. */
export interface ChargeSplit {
  /** Paise debited from the user's wallet. */
  readonly user: number;
  /** Paise funded by the promotions account. */
  readonly promo: number;
}

/** Paise the user owes (promotions excluded) after `seconds`, when the first `freeSeconds` are free. */
export function userDueAt(ratePerMinute: number, freeSeconds: number, seconds: number): number {
  return dueAt(ratePerMinute, seconds) - dueAt(ratePerMinute, Math.min(seconds, freeSeconds));
}

/**
 * Splits the charge of the interval from `fromSeconds` to `toSeconds` between
 * the user and the promotions account. Both parts follow the cumulative rule,
 * so they add up to {@link intervalCharge} and, over a session, the
 * promotions pay exactly `due(min(seconds, freeSeconds))`.
 */
export function splitIntervalCharge(
  ratePerMinute: number,
  freeSeconds: number,
  fromSeconds: number,
  toSeconds: number,
): ChargeSplit {
  const total = intervalCharge(ratePerMinute, fromSeconds, toSeconds);
  const promo =
    dueAt(ratePerMinute, Math.min(toSeconds, freeSeconds)) - dueAt(ratePerMinute, Math.min(fromSeconds, freeSeconds));
  return { user: total - promo, promo };
}

/**
 * The most seconds, up to `maxSeconds`, that `available` paise pay for when
 * `fromSeconds` have already been served: the largest `s` with
 * `userDue(from + s) - userDue(from) <= available`.
 */
export function secondsCovered(
  ratePerMinute: number,
  freeSeconds: number,
  fromSeconds: number,
  available: number,
  maxSeconds: number,
): number {
  // `userDue(from + s) - userDue(from) <= available`, tested as `userDue(from + s) <= budget`: integers, so
  // exactly the same test, without a closure per call (this runs twice per tick).
  const budget = available + userDueAt(ratePerMinute, freeSeconds, fromSeconds);
  if (userDueAt(ratePerMinute, freeSeconds, fromSeconds + maxSeconds) <= budget) return maxSeconds;
  // The user's due never decreases with time, so binary search finds the edge.
  let low = 0;
  let high = maxSeconds;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (userDueAt(ratePerMinute, freeSeconds, fromSeconds + middle) <= budget) low = middle;
    else high = middle - 1;
  }
  return low;
}
