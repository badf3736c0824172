// The shape of a stored session, apart from what is done with it (transitions
// in `session.ts`, intervals in `interval.ts`, absence windows in `absence.ts`):
// adapters and hosts only read records, so they depend on the shape alone.

/** What a consultation is conducted over. */
export type ServiceType = 'chat' | 'voice' | 'video';

/** Every service type, in display order. */
export const SERVICE_TYPES: readonly ServiceType[] = ['chat', 'voice', 'video'];

/**
 * Lifecycle of a session: `requested` → `active` ⇄ `paused` → `ended`. A slot
 * offered to a user waiting in a queue starts as `offered` (it holds the
 * consultant's slot until the user takes it, which makes it `requested`).
 */
export type SessionStatus = 'offered' | 'requested' | 'active' | 'paused' | 'ended';

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
  /** Paise per minute of `service`: fixed when the session was requested, changed by a switch of service. */
  readonly ratePerMinute: number;
  /** Served seconds from which `ratePerMinute` applies: `0` until the service is switched. */
  readonly rateFromSeconds: number;
  /** The first interval priced at `ratePerMinute`: `0` until the service is switched. A closing interval below it is priced at the previous rate. */
  readonly rateFromIndex: number;
  /** The rate before the last switch: the closing interval may still be priced at it. */
  readonly previousRatePerMinute: number;
  /** Served seconds from which `previousRatePerMinute` applied. */
  readonly previousRateFromSeconds: number;
  /** A service the consultant offered to switch to, until the user accepts it; `null` when none. */
  readonly offeredService: ServiceType | null;
  /** Platform commission in basis points, fixed when the session was requested. */
  readonly commissionBps: number;
  /** Leading seconds funded by the promotions account. */
  readonly freeSeconds: number;
  readonly requestedAt: number;
  /** An unanswered request (or an untaken waitlist offer) expires at this instant. */
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
