import { secondsCovered, secondsIn, userDueAt } from './proration.js';
import type { SessionRecord } from './session-record.js';
import { currentSegment, type Priced, type Segment, segmentOf } from './tariff.js';

// Pure planning of the next interval: how long it may run, what the user's
// hold for it is, and how long the balance lasts. No I/O.

/** The limits an interval plan respects. */
export interface PlanRules {
  /** Length of a full interval. */
  readonly intervalMs: number;
  /** A session is served at most this long. */
  readonly maxDurationMs: number;
}

/** The next interval, or why there is none. */
export type IntervalPlan =
  | { readonly plannedMs: number; readonly hold: number; readonly end?: undefined }
  | { readonly end: 'max_duration' | 'insufficient_funds' };

/** Paise the user owes for service from `fromMs` to `toMs` at `segment`'s rate (promotions excluded). */
function costAt(segment: Segment, fromMs: number, toMs: number): number {
  const { rate, start, free } = segment;
  return userDueAt(rate, free, secondsIn(toMs) - start) - userDueAt(rate, free, secondsIn(fromMs) - start);
}

/** Paise the user owes for service from `fromMs` to `toMs` at the current rate (promotions excluded). */
function userCost(session: Priced, fromMs: number, toMs: number): number {
  return costAt(currentSegment(session), fromMs, toMs);
}

/** The most whole seconds, up to `maxSeconds`, that `available` paise pay for after `fromSeconds` of service. */
function coveredFrom(session: Priced, fromSeconds: number, available: number, maxSeconds: number): number {
  const { rate, start, free } = currentSegment(session);
  return secondsCovered(rate, free, fromSeconds - start, available, maxSeconds);
}

/** The hold of the open interval: what the user owes if it runs as planned. */
export function openHold(session: SessionRecord): number {
  return costAt(
    segmentOf(session, session.intervalIndex),
    session.servedMs,
    session.servedMs + session.intervalPlannedMs,
  );
}

/** The hold the closing interval had when it was opened. */
export function closingHold(session: SessionRecord): number {
  const { closingFromMs, closingPlannedMs } = session;
  return costAt(segmentOf(session, session.closingIndex), closingFromMs, closingFromMs + closingPlannedMs);
}

/**
 * Paise a wallet must have available to start, or to switch service: the
 * next `seconds` of service at the current rate, free seconds excluded.
 */
export function minimumBalance(session: Priced & Pick<SessionRecord, 'servedMs'>, seconds: number): number {
  return userCost(session, session.servedMs, session.servedMs + seconds * 1000);
}

/**
 * Plans the interval after `session.servedMs`, given what the user has
 * `available` once the closing interval is settled. A full interval when the
 * balance covers it; otherwise a cut-short one of the whole seconds it covers
 * (the last before `insufficient_funds`); none when it covers no second.
 */
export function planNextInterval(session: SessionRecord, available: number, rules: PlanRules): IntervalPlan {
  const from = session.servedMs;
  const remaining = rules.maxDurationMs - from;
  if (remaining <= 0) return { end: 'max_duration' };
  const fullMs = Math.min(rules.intervalMs, remaining);
  const fullHold = userCost(session, from, from + fullMs);
  if (fullHold <= available) return { plannedMs: fullMs, hold: fullHold };
  const fromSeconds = secondsIn(from);
  const maxSeconds = secondsIn(from + fullMs) - fromSeconds;
  const seconds = coveredFrom(session, fromSeconds, available, maxSeconds);
  if (seconds === 0) return { end: 'insufficient_funds' };
  const plannedMs = (fromSeconds + seconds) * 1000 - from;
  return { plannedMs, hold: userCost(session, from, from + plannedMs) };
}

/**
 * Seconds of service left when an interval of `plannedMs` starts after
 * `session.servedMs`, counting what `availableAfterHold` still pays for
 * beyond it; capped at `cap` (callers only need to know whether it is below
 * a threshold, and by how much).
 */
export function secondsLeft(
  session: SessionRecord,
  plannedMs: number,
  availableAfterHold: number,
  cap: number,
): number {
  const end = session.servedMs + plannedMs;
  const inInterval = secondsIn(plannedMs);
  if (inInterval >= cap) return cap;
  const beyond = coveredFrom(session, secondsIn(end), Math.max(0, availableAfterHold), cap - inInterval);
  return inInterval + beyond;
}
