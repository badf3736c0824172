import { invalidTransition } from './errors.js';
import { closeInterval, servedInInterval } from './interval.js';
import { secondsIn } from './proration.js';
import type { EndReason, PauseReason, ServiceType, SessionRecord, SessionStatus } from './session-record.js';

// The lifecycle of a session as pure functions of its record: each checks the
// status it may start from and returns the next record; the store writes it.

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

/** True while a session holds a slot: offered, requested, active or paused. */
export function isOpen(session: SessionRecord): boolean {
  return session.status !== 'ended';
}

/**
 * A fresh `requested` session (version 1, no lease). Every field is written
 * in one literal, in one order: each record then shares one hidden class with
 * its fields in the object itself, and the spreads that derive the next
 * records copy it fast (a rest-spread here left records slow to build and
 * bigger, with their fields in a separate backing store).
 */
export function requestSession(input: NewSession): SessionRecord {
  return {
    id: input.id,
    userId: input.userId,
    consultantId: input.consultantId,
    service: input.service,
    source: input.source,
    status: 'requested',
    endReason: null,
    ratePerMinute: input.ratePerMinute,
    rateFromSeconds: 0,
    rateFromIndex: 0,
    previousRatePerMinute: 0,
    previousRateFromSeconds: 0,
    offeredService: null,
    commissionBps: input.commissionBps,
    freeSeconds: input.freeSeconds,
    requestedAt: input.now,
    requestExpiresAt: input.expiresAt,
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
    checkpointAt: input.now,
  };
}

/** A slot offered to a user waiting in a queue: `offered` until they take it or pass. */
export function offerSession(input: NewSession): SessionRecord {
  return { ...requestSession(input), status: 'offered' };
}

/** `offered` → `requested`: the user took the offer; the consultant has until `expiresAt` to answer. */
export function takeOffer(session: SessionRecord, now: number, expiresAt: number): SessionRecord {
  expect(session, ['offered'], 'take the offer of');
  return { ...session, status: 'requested', requestedAt: now, requestExpiresAt: expiresAt };
}

function expect(session: SessionRecord, statuses: readonly SessionStatus[], action: string): void {
  if (!statuses.includes(session.status)) throw invalidTransition(session.id, session.status, action);
}

/** `requested` → `active`; no interval is open yet (see `openInterval` in `interval.ts`). */
export function acceptSession(session: SessionRecord, now: number): SessionRecord {
  expect(session, ['requested'], 'accept');
  return { ...session, status: 'active', acceptedAt: now };
}

/** Ends a request that was never accepted (rejected, cancelled or expired), or an offer passed or expired. */
export function closeRequest(session: SessionRecord, now: number, reason: 'rejected' | 'cancelled' | 'expired') {
  expect(
    session,
    reason === 'rejected' ? ['requested'] : ['requested', 'offered'],
    reason === 'rejected' ? 'reject' : reason === 'cancelled' ? 'cancel' : 'expire',
  );
  return { ...session, status: 'ended' as const, endReason: reason, endedAt: now };
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
