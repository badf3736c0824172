/** Who an account belongs to. */
export type UserRole = 'user' | 'consultant' | 'admin';

/** A registered account (user, consultant or admin). */
export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: UserRole;
  readonly passwordHash: string;
  readonly frozen: boolean;
  readonly createdAt: number;
}

/** A consultant's directory entry; rates in paise per minute. */
export interface ConsultantProfile {
  readonly consultantId: string;
  readonly bio: string;
  readonly specialities: readonly string[];
  readonly languages: readonly string[];
  readonly rates: { readonly chat?: number; readonly voice?: number; readonly video?: number };
  readonly online: boolean;
}

/** A session known to the host, for "my consultations" lists. */
export interface SessionRef {
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly requestedAt: number;
}

/** A top-up order at the (simulated) payment provider. */
export interface OrderRecord {
  readonly id: string;
  readonly userId: string;
  readonly amount: number;
  readonly status: 'created' | 'paid';
  readonly eventId: string | null;
  readonly createdAt: number;
}

/** A consultant's withdrawal from earnings. */
export interface PayoutRecord {
  readonly id: string;
  readonly consultantId: string;
  readonly amount: number;
  readonly status: 'paid';
  readonly createdAt: number;
}

/** A user's rating of one session. */
export interface RatingRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly stars: number;
  readonly review: string | null;
  readonly hidden: boolean;
  readonly createdAt: number;
}

/** Auto-recharge: top up by `amount` when the balance falls below `threshold`. */
export interface AutoRecharge {
  readonly userId: string;
  readonly threshold: number;
  readonly amount: number;
}

/** One admin action. */
export interface AuditEntry {
  readonly id: string;
  readonly actorId: string;
  readonly action: string;
  readonly target: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

/** `created`, or `duplicate` when the unique key already existed (nothing written). */
export type InsertResult = 'created' | 'duplicate';

/**
 * The host's own storage: accounts, directory, session index, orders, payouts,
 * ratings, auto-recharge and the audit log. Money never lives here; it is in the wallet.
 */
export interface HostStore {
  /** Inserts a user unless the id or email exists. */
  insertUser(user: UserRecord): Promise<InsertResult>;
  userById(id: string): Promise<UserRecord | null>;
  userByEmail(email: string): Promise<UserRecord | null>;
  setFrozen(userId: string, frozen: boolean): Promise<UserRecord | null>;

  /** Creates or replaces a consultant's profile. */
  upsertProfile(profile: ConsultantProfile): Promise<void>;
  profile(consultantId: string): Promise<ConsultantProfile | null>;
  profiles(): Promise<ConsultantProfile[]>;
  setOnline(consultantId: string, online: boolean): Promise<ConsultantProfile | null>;

  /** Remembers a session (idempotent by id). */
  recordSession(ref: SessionRef): Promise<void>;
  /** Sessions of a participant (or every session when `participantId` is null), newest first. */
  sessions(participantId: string | null, limit: number): Promise<SessionRef[]>;

  insertOrder(order: OrderRecord): Promise<InsertResult>;
  order(id: string): Promise<OrderRecord | null>;
  /** Marks an order paid; returns the stored order (already paid is not an error). */
  markOrderPaid(id: string, eventId: string): Promise<OrderRecord | null>;

  insertPayout(payout: PayoutRecord): Promise<InsertResult>;

  /** Inserts a rating unless the session was already rated. */
  insertRating(rating: RatingRecord): Promise<InsertResult>;
  ratingOfSession(sessionId: string): Promise<RatingRecord | null>;
  /** Ratings of a consultant (hidden ones included), or every rating when `consultantId` is null; newest first. */
  ratings(consultantId: string | null): Promise<RatingRecord[]>;
  setReviewHidden(ratingId: string, hidden: boolean): Promise<RatingRecord | null>;

  setAutoRecharge(userId: string, setting: AutoRecharge | null): Promise<void>;
  autoRecharge(userId: string): Promise<AutoRecharge | null>;

  appendAudit(entry: AuditEntry): Promise<void>;
  audit(limit: number): Promise<AuditEntry[]>;

  /** Releases connections held by the store itself (none for memory and SQL; the executor is closed by its owner). */
  close(): Promise<void>;
}
