import { invalidTransition } from './errors.js';
import { type ChargeSplit, commissionOn, secondsIn, splitIntervalCharge } from './proration.js';

/** What a consultation is conducted over. */
export type ServiceType = 'chat' | 'voice' | 'video';

/** Every service type, in display order. */
export const SERVICE_TYPES: readonly ServiceType[] = ['chat', 'voice', 'video'];

/** Lifecycle of a session: `requested` → `active` ⇄ `paused` → `ended`. */
export type SessionStatus = 'requested' | 'active' | 'paused' | 'ended';

/** Why a session ended. The first three end a request that was never accepted. */
export type EndReason =
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'user'
  | 'consultant'
  | 'host'
  | 'insufficient_funds'
  | 'inactivity'
  | 'max_duration'
  | 'interrupted'
  | 'invalid_role'
  | 'account_frozen';

/** Why a session is paused: a participant asked, or a participant has been away longer than the grace. */
export type PauseReason = 'request' | 'absence';

/**
 * A session as stored: an immutable value. Transitions return a new record;
 * the store replaces it by compare-and-set on `version`. Fields are flat on
 * purpose: one object per session keeps a million sessions in memory cheap.
 */
export interface SessionRecord {
  readonly id: string;
  /** The paying `user` wallet. */
  readonly userId: string;
  /** The paid `consultant` wallet. */
  readonly consultantId: string;
  readonly service: ServiceType;
  /** `waitlist` when the request was offered to a user waiting in a queue. */
  readonly source: 'direct' | 'waitlist';
  readonly status: SessionStatus;
  readonly endReason: EndReason | null;
  /** Paise per minute, fixed when the session was requested. */
  readonly ratePerMinute: number;
  /** Platform commission in basis points, fixed when the session was requested. */
  readonly commissionBps: number;
  /** Leading seconds funded by the promotions account. */
  readonly freeSeconds: number;
  readonly requestedAt: number;
  /** An unanswered request expires at this instant. */
  readonly requestExpiresAt: number;
  readonly acceptedAt: number | null;
  readonly pausedAt: number | null;
  /** Why it is paused; `null` unless paused. An absence pause resumes when everyone is back. */
  readonly pauseReason: PauseReason | null;
  readonly endedAt: number | null;
  /** The user's absence window (see `absence.ts`): away since, `null` when there is none. */
  readonly userAwaySince: number | null;
  /** The user's return that closes the window; `null` while still away (or without a window). */
  readonly userBackAt: number | null;
  /** The consultant's absence window: away since, `null` when there is none. */
  readonly consultantAwaySince: number | null;
  /** The consultant's return that closes the window. */
  readonly consultantBackAt: number | null;
  /** Milliseconds served in closed intervals. */
  readonly servedMs: number;
  /** Index of the open interval, `0` when none is open. */
  readonly intervalIndex: number;
  /** When the open interval started (wall clock). */
  readonly intervalStartedAt: number;
  /** Planned length of the open interval; it ends at `intervalStartedAt + intervalPlannedMs`. */
  readonly intervalPlannedMs: number;
  /** The last closed interval, whose wallet effects may still be pending; `0` when none. */
  readonly closingIndex: number;
  /** Served milliseconds before the closing interval. */
  readonly closingFromMs: number;
  /** Served milliseconds after the closing interval. */
  readonly closingToMs: number;
  /** Planned length of the closing interval (its hold covered this much). */
  readonly closingPlannedMs: number;
  /** The index the next interval gets; indexes are never reused. */
  readonly nextIndex: number;
  /** Closed intervals in which some time was served. */
  readonly intervals: number;
  /** Paise charged to the user. */
  readonly userCharged: number;
  /** Paise charged to the promotions account. */
  readonly promoCharged: number;
  /** Paise credited to the consultant. */
  readonly consultantShare: number;
  /**
   * Paise credited to the platform: `floor(bps × userCharged) + floor(bps ×
   * promoCharged)`, rounded on the running totals, so exact whatever the interval length.
   */
  readonly commission: number;
  /** True while the user has been told their balance is low. */
  readonly lowBalance: boolean;
  /** Compare-and-set counter; a stored record with version `v` is replaced only by version `v + 1`. */
  readonly version: number;
  /** The engine driving the session's timers. */
  readonly leaseOwner: string | null;
  /** The lease ends at this instant; then another engine may take the session over. */
  readonly leaseUntil: number;
  /** When the driving engine last wrote the record: it was alive then. */
  readonly checkpointAt: number;
}

/** What a session cost, in integer paise. */
export interface SessionSummary {
  /** Whole seconds charged: `floor(served ms / 1000)`. */
  readonly secondsBilled: number;
  /** `due(secondsBilled)`: paid by the user and the promotions account together. */
  readonly totalCharged: number;
  /** Paid by the user. */
  readonly userCharged: number;
  /** Paid by the promotions account. */
  readonly promoCharged: number;
  /** Credited to the consultant. */
  readonly consultantShare: number;
  /** Credited to the platform. */
  readonly commission: number;
  /** Seconds funded by the promotions account. */
  readonly freeSeconds: number;
  /** Intervals in which some time was served. */
  readonly intervals: number;
}

/** A new request, as {@link requestSession} builds it. */
export interface NewSession {
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly service: ServiceType;
  readonly source: 'direct' | 'waitlist';
  readonly ratePerMinute: number;
  readonly commissionBps: number;
  readonly freeSeconds: number;
  readonly now: number;
  readonly expiresAt: number;
}

/** True while a session holds a slot: requested, active or paused. */
export function isOpen(session: SessionRecord): boolean {
  return session.status !== 'ended';
}

/** A fresh `requested` session (version 1, no lease). */
export function requestSession(input: NewSession): SessionRecord {
  const { now, expiresAt, ...rest } = input;
  return {
    ...rest,
    status: 'requested',
    endReason: null,
    requestedAt: now,
    requestExpiresAt: expiresAt,
    acceptedAt: null,
    pausedAt: null,
    pauseReason: null,
    endedAt: null,
    userAwaySince: null,
    userBackAt: null,
    consultantAwaySince: null,
    consultantBackAt: null,
    servedMs: 0,
    intervalIndex: 0,
    intervalStartedAt: 0,
    intervalPlannedMs: 0,
    closingIndex: 0,
    closingFromMs: 0,
    closingToMs: 0,
    closingPlannedMs: 0,
    nextIndex: 1,
    intervals: 0,
    userCharged: 0,
    promoCharged: 0,
    consultantShare: 0,
    commission: 0,
    lowBalance: false,
    version: 1,
    leaseOwner: null,
    leaseUntil: 0,
    checkpointAt: now,
  };
}

function expect(session: SessionRecord, statuses: readonly SessionStatus[], action: string): void {
  if (!statuses.includes(session.status)) throw invalidTransition(session.id, session.status, action);
}

/** `requested` → `active`; no interval is open yet (see {@link openInterval}). */
export function acceptSession(session: SessionRecord, now: number): SessionRecord {
  expect(session, ['requested'], 'accept');
  return { ...session, status: 'active', acceptedAt: now };
}

/** Ends a request that was never accepted: rejected, cancelled or expired. */
export function closeRequest(session: SessionRecord, now: number, reason: 'rejected' | 'cancelled' | 'expired') {
  expect(session, ['requested'], reason === 'rejected' ? 'reject' : reason === 'cancelled' ? 'cancel' : 'expire');
  return { ...session, status: 'ended' as const, endReason: reason, endedAt: now };
}

/** Opens interval `nextIndex` at `now`, planned to last `plannedMs`; `lowBalance` is the user's balance state. */
export function openInterval(
  session: SessionRecord,
  now: number,
  plannedMs: number,
  lowBalance = session.lowBalance,
): SessionRecord {
  expect(session, ['active'], 'open an interval of');
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
  const { user, promo } = closingCharge(session, fromMs, toMs);
  const closed = {
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
    userCharged: session.userCharged + user,
    promoCharged: session.promoCharged + promo,
  };
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
  const { user, promo } = closingCharge(session, session.closingFromMs, session.closingToMs);
  const bps = session.commissionBps;
  return {
    user: commissionOn(session.userCharged, bps) - commissionOn(session.userCharged - user, bps),
    promo: commissionOn(session.promoCharged, bps) - commissionOn(session.promoCharged - promo, bps),
  };
}

/** The user's and the promotions' part of the interval served from `fromMs` to `toMs`. */
export function closingCharge(session: SessionRecord, fromMs: number, toMs: number) {
  return splitIntervalCharge(session.ratePerMinute, session.freeSeconds, secondsIn(fromMs), secondsIn(toMs));
}

/**
 * Takes back the closing interval whose user part could not be collected
 * (its hold lapsed and the wallet no longer covers it): its seconds are not
 * billed, so the total stays `due(seconds billed)`.
 */
export function writeOffClosing(session: SessionRecord): SessionRecord {
  if (session.closingIndex === 0) return session;
  const { user, promo } = closingCharge(session, session.closingFromMs, session.closingToMs);
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

/** `active` → `paused` at `now`: the open interval is closed with the time served so far. */
export function pauseSession(session: SessionRecord, now: number, reason: PauseReason = 'request'): SessionRecord {
  expect(session, ['active'], 'pause');
  const closed = session.intervalIndex === 0 ? session : closeInterval(session, servedInInterval(session, now));
  return { ...closed, status: 'paused', pausedAt: now, pauseReason: reason };
}

/** `paused` → `active`; the caller opens the next interval. */
export function resumeSession(session: SessionRecord): SessionRecord {
  expect(session, ['paused'], 'resume');
  return { ...session, status: 'active', pausedAt: null, pauseReason: null };
}

/** Ends an accepted session at `now`; an open interval is closed with the time served so far. */
export function endSession(session: SessionRecord, now: number, reason: EndReason): SessionRecord {
  expect(session, ['active', 'paused'], 'end');
  const closed = session.intervalIndex === 0 ? session : closeInterval(session, servedInInterval(session, now));
  return { ...closed, status: 'ended', endReason: reason, endedAt: now, pausedAt: null, pauseReason: null };
}

/** What the session has cost so far. */
export function summarize(session: SessionRecord): SessionSummary {
  const secondsBilled = secondsIn(session.servedMs);
  return {
    secondsBilled,
    totalCharged: session.userCharged + session.promoCharged,
    userCharged: session.userCharged,
    promoCharged: session.promoCharged,
    consultantShare: session.consultantShare,
    commission: session.commission,
    freeSeconds: Math.min(secondsBilled, session.freeSeconds),
    intervals: session.intervals,
  };
}
