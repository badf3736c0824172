import type { ServiceType, SessionRecord, SessionStatus } from './session-record.js';

/** A session status that is not final: the states {@link SessionCounts} counts. */
export type OpenSessionStatus = Exclude<SessionStatus, 'ended'>;

/** How many sessions are in each open state right now. */
export type SessionCounts = Readonly<Record<OpenSessionStatus, number>>;

/** Outcome of {@link BillingStore.insertSession}. */
export type InsertSessionOutcome = 'created' | 'duplicate' | 'user_busy' | 'consultant_busy';

/** A user waiting for a busy consultant. */
export interface WaitlistEntry {
  /** Unique id; the session offered from it gets id `waitlist:<id>`. */
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly service: ServiceType;
  /** When the user joined (epoch ms). */
  readonly joinedAt: number;
}

/** Outcome of {@link BillingStore.enqueue}: the new entry, or the one the user already has. */
export type EnqueueOutcome =
  | { readonly status: 'created'; readonly entry: WaitlistEntry }
  | { readonly status: 'queued'; readonly entry: WaitlistEntry };

/** Which open sessions {@link BillingStore.openSessions} returns. */
export type OpenSessionFilter = { readonly userId: string } | { readonly consultantId: string };

/** Query of {@link BillingStore.claimableSessions}. */
export interface ClaimQuery {
  /** Sessions whose lease ended at or before this instant are claimable. */
  readonly now: number;
  /** Sessions whose lease this engine holds are claimable too (a restart under the same id); `null`: none. */
  readonly owner: string | null;
  /** At most this many. */
  readonly limit: number;
}

/**
 * The storage port of billing-engine: sessions as versioned records replaced
 * by compare-and-set, plus the waitlist. Adapters enforce, atomically, the
 * two rules concurrent engines could otherwise race: one open session per
 * user, and at most N open sessions per consultant. An open session is one
 * whose status is not `ended`.
 */
export interface BillingStore {
  /**
   * True when a read costs no I/O (a store in process memory): the engine then keeps no copy of a
   * session between the works on it (ticks, actions) and reads it back at each, so the store's own
   * form is the only one held.
   */
  readonly inProcess?: boolean;
  /**
   * Inserts a new session unless its id exists (`duplicate`), its user has an
   * open session (`user_busy`), or its consultant has `maxOpenPerConsultant`
   * open sessions (`consultant_busy`), all checked in one atomic step.
   */
  insertSession(
    session: SessionRecord,
    limits: { readonly maxOpenPerConsultant: number },
  ): Promise<InsertSessionOutcome>;
  /** Reads a session; `null` when unknown. */
  getSession(id: string): Promise<SessionRecord | null>;
  /** Replaces a session if the stored version is `session.version - 1`; false when it is not (or unknown). */
  updateSession(session: SessionRecord): Promise<boolean>;
  /**
   * Replaces each session as {@link BillingStore.updateSession} does, in one
   * step where the storage allows (one statement on PostgreSQL, one bulk
   * write on MongoDB): one result per record, in order, each compare-and-set
   * on its own, so a stale version fails alone. A record of a session that
   * appears earlier in the same call is compared against that earlier write.
   */
  updateSessions(sessions: readonly SessionRecord[]): Promise<boolean[]>;
  /** Open sessions of one user or one consultant. */
  openSessions(filter: OpenSessionFilter): Promise<SessionRecord[]>;
  /** Open sessions whose lease has ended or is held by `owner`, oldest lease first. */
  claimableSessions(query: ClaimQuery): Promise<SessionRecord[]>;
  /**
   * How many open sessions are in each state, every state present, in one
   * read that touches open sessions only (for gauges; ended ones are not counted).
   */
  countSessionsByState(): Promise<SessionCounts>;
  /**
   * True when the user has had a session that was accepted — with this
   * consultant when `consultantId` is given (for first-consultation and
   * consultant promotions).
   */
  hasAcceptedSession(userId: string, consultantId?: string): Promise<boolean>;
  /** Appends a waitlist entry unless the user already waits somewhere (then returns that entry). */
  enqueue(entry: WaitlistEntry): Promise<EnqueueOutcome>;
  /** Removes a waitlist entry; false when it was not there. */
  dequeue(entryId: string): Promise<boolean>;
  /** A consultant's queue, first in line first (join order). */
  queue(consultantId: string): Promise<WaitlistEntry[]>;
  /** The entry a user waits in, if any. */
  queueEntryOf(userId: string): Promise<WaitlistEntry | null>;
}
