import { invalidTransition } from './errors.js';
import { type ChargeSplit, commissionOn, secondsIn, splitIntervalCharge } from './proration.js';
import { draftOf, type SessionDraft } from './session-draft.js';
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
  return openIntervalIn(draftOf(session), now, plannedMs, lowBalance);
}

/** {@link openInterval} written into `draft` itself. */
export function openIntervalIn(draft: SessionDraft, now: number, plannedMs: number, lowBalance: boolean): SessionDraft {
  if (draft.status !== 'active') throw invalidTransition(draft.id, draft.status, 'open an interval of');
  if (draft.intervalIndex !== 0) throw invalidTransition(draft.id, 'mid-interval', 'open an interval of');
  draft.intervalIndex = draft.nextIndex;
  draft.intervalStartedAt = now;
  draft.intervalPlannedMs = plannedMs;
  draft.nextIndex = draft.nextIndex + 1;
  draft.lowBalance = lowBalance;
  return draft;
}

/** When the open interval is due to end. */
export function intervalEndsAt(session: SessionRecord): number {
  return session.intervalStartedAt + session.intervalPlannedMs;
}

/**
 * When the open interval's next checkpoint is due: every `checkpointSeconds`
 * from its start, the first after the record was last written; the
 * interval's end when no checkpoint is left before it, or none are set.
 */
export function nextCheckpointAt(session: SessionRecord, checkpointSeconds: number | undefined): number {
  const end = intervalEndsAt(session);
  if (checkpointSeconds === undefined) return end;
  const stepMs = checkpointSeconds * 1000;
  const passed = Math.max(0, Math.floor((session.checkpointAt - session.intervalStartedAt) / stepMs));
  return Math.min(end, session.intervalStartedAt + (passed + 1) * stepMs);
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
  return closeIntervalIn(draftOf(session), servedMs);
}

/** {@link closeInterval} written into `draft` itself. */
export function closeIntervalIn(draft: SessionDraft, servedMs: number): SessionDraft {
  if (draft.intervalIndex === 0) throw invalidTransition(draft.id, 'between intervals', 'close an interval of');
  const fromMs = draft.servedMs;
  const toMs = fromMs + servedMs;
  // Computed from the values before any field is set: the charge is priced at the interval being closed.
  const { user, promo } = chargeBetween(draft, draft.intervalIndex, fromMs, toMs);
  const userCharged = draft.userCharged + user;
  const promoCharged = draft.promoCharged + promo;
  const commission = commissionBetween(draft.commissionBps, userCharged, user, promoCharged, promo);
  draft.closingIndex = draft.intervalIndex;
  draft.closingFromMs = fromMs;
  draft.closingToMs = toMs;
  draft.closingPlannedMs = draft.intervalPlannedMs;
  draft.servedMs = toMs;
  draft.intervalIndex = 0;
  draft.intervalStartedAt = 0;
  draft.intervalPlannedMs = 0;
  draft.intervals += servedMs > 0 ? 1 : 0;
  draft.userCharged = userCharged;
  draft.promoCharged = promoCharged;
  draft.consultantShare += user + promo - commission.user - commission.promo;
  draft.commission += commission.user + commission.promo;
  return draft;
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
  return commissionBetween(session.commissionBps, session.userCharged, user, session.promoCharged, promo);
}

/** The user's and the promotions' part of the closing interval, at the rate it was opened under. */
export function closingCharge(session: SessionRecord): ChargeSplit {
  return chargeBetween(session, session.closingIndex, session.closingFromMs, session.closingToMs);
}

/** The user's and the promotions' part of interval `index` served from `fromMs` to `toMs` (served totals). */
function chargeBetween(session: SessionRecord, index: number, fromMs: number, toMs: number): ChargeSplit {
  const { rate, start, free } = segmentOf(session, index);
  return splitIntervalCharge(rate, free, secondsIn(fromMs) - start, secondsIn(toMs) - start);
}

/** Commission on the last `user` and `promo` paise of running totals that now stand at `userTotal` and `promoTotal`. */
function commissionBetween(
  bps: number,
  userTotal: number,
  user: number,
  promoTotal: number,
  promo: number,
): ChargeSplit {
  return {
    user: commissionOn(userTotal, bps) - commissionOn(userTotal - user, bps),
    promo: commissionOn(promoTotal, bps) - commissionOn(promoTotal - promo, bps),
  };
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
