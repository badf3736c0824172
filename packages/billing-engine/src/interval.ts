import { invalidTransition } from './errors.js';
import { type ChargeSplit, commissionOn, secondsIn, splitIntervalCharge } from './proration.js';
import type { SessionRecord } from './session-record.js';
import { segmentOf } from './tariff.js';

// The open interval is the one being served and held for; the closing
// interval is the last one closed, whose wallet effects may still be pending.
// Its charge joins the session's totals the moment it closes, so a record
// always says what the wallet will end up with.

/** Opens interval `nextIndex` at `now`, planned to last `plannedMs`; `lowBalance` is the user's balance state. */
export function openInterval(
  session: SessionRecord,
  now: number,
  plannedMs: number,
  lowBalance = session.lowBalance,
): SessionRecord {
  if (session.status !== 'active') throw invalidTransition(session.id, session.status, 'open an interval of');
  if (session.intervalIndex !== 0) throw invalidTransition(session.id, 'mid-interval', 'open an interval of');
  return {
    ...session,
    intervalIndex: session.nextIndex,
    intervalStartedAt: now,
    intervalPlannedMs: plannedMs,
    nextIndex: session.nextIndex + 1,
    lowBalance,
  };
}

/** When the open interval is due to end. */
export function intervalEndsAt(session: SessionRecord): number {
  return session.intervalStartedAt + session.intervalPlannedMs;
}

/** Milliseconds of the open interval served by `now` (never more than planned). */
export function servedInInterval(session: SessionRecord, now: number): number {
  if (session.intervalIndex === 0) return 0;
  return Math.min(Math.max(0, now - session.intervalStartedAt), session.intervalPlannedMs);
}

/**
 * Closes the open interval after `servedMs` of service: it becomes the
 * closing interval and its charge is added to the totals, split as the
 * wallet will split it: commission rounded on the running totals.
 */
export function closeInterval(session: SessionRecord, servedMs: number): SessionRecord {
  if (session.intervalIndex === 0) throw invalidTransition(session.id, 'between intervals', 'close an interval of');
  const fromMs = session.servedMs;
  const toMs = fromMs + servedMs;
  const cut = {
    ...session,
    servedMs: toMs,
    intervalIndex: 0,
    intervalStartedAt: 0,
    intervalPlannedMs: 0,
    closingIndex: session.intervalIndex,
    closingFromMs: fromMs,
    closingToMs: toMs,
    closingPlannedMs: session.intervalPlannedMs,
    intervals: session.intervals + (servedMs > 0 ? 1 : 0),
  };
  const { user, promo } = closingCharge(cut);
  const closed = { ...cut, userCharged: session.userCharged + user, promoCharged: session.promoCharged + promo };
  const commission = closingCommission(closed);
  return {
    ...closed,
    consultantShare: session.consultantShare + user + promo - commission.user - commission.promo,
    commission: session.commission + commission.user + commission.promo,
  };
}

/**
 * The platform's part of the closing interval's user and promotions charges.
 * Commission is rounded down on each payer's running total, like `due(t)`,
 * not per charge: per-interval rounding lost the platform a paisa in most
 * intervals (18% instead of 20% at 1-second ticks). The closing interval is
 * always the last closed, so the totals end with it.
 */
export function closingCommission(session: SessionRecord): ChargeSplit {
  const { user, promo } = closingCharge(session);
  const bps = session.commissionBps;
  return {
    user: commissionOn(session.userCharged, bps) - commissionOn(session.userCharged - user, bps),
    promo: commissionOn(session.promoCharged, bps) - commissionOn(session.promoCharged - promo, bps),
  };
}

/** The user's and the promotions' part of the closing interval, at the rate it was opened under. */
export function closingCharge(session: SessionRecord): ChargeSplit {
  const { rate, start, free } = segmentOf(session, session.closingIndex);
  const { closingFromMs, closingToMs } = session;
  return splitIntervalCharge(rate, free, secondsIn(closingFromMs) - start, secondsIn(closingToMs) - start);
}

/**
 * Takes back the closing interval whose user part could not be collected
 * (its hold lapsed and the wallet no longer covers it): its seconds are not
 * billed, so the total stays `due(seconds billed)`.
 */
export function writeOffClosing(session: SessionRecord): SessionRecord {
  if (session.closingIndex === 0) return session;
  const { user, promo } = closingCharge(session);
  const commission = closingCommission(session);
  const served = session.closingToMs - session.closingFromMs;
  // The closing interval is always the last one closed, so its end is the served total.
  return {
    ...session,
    servedMs: session.closingFromMs,
    closingIndex: 0,
    closingFromMs: 0,
    closingToMs: 0,
    closingPlannedMs: 0,
    intervals: session.intervals - (served > 0 ? 1 : 0),
    userCharged: session.userCharged - user,
    promoCharged: session.promoCharged - promo,
    consultantShare: session.consultantShare - (user + promo - commission.user - commission.promo),
    commission: session.commission - commission.user - commission.promo,
  };
}
