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

/** The services a consultant may price; rates are paise per minute. */
export type Rates = { readonly chat?: number; readonly voice?: number; readonly video?: number };

/** A consultant's directory entry. */
export interface ConsultantProfile {
  readonly consultantId: string;
  readonly bio: string;
  readonly specialities: readonly string[];
  readonly languages: readonly string[];
  readonly rates: Rates;
  /** The consultant's own availability switch (live status also needs a connection). */
  readonly online: boolean;
}

/** A session known to the host, for "my consultations" lists; the billing engine keeps the session itself. */
export interface SessionRef {
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly requestedAt: number;
}

/** A top-up order at the payment provider. */
export interface OrderRecord {
  readonly id: string;
  readonly userId: string;
  readonly amount: number;
  readonly status: 'created' | 'paid';
  /** The provider event that paid it; `null` until paid. */
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
  /** Hidden by an admin: still counted in the average, no longer shown. */
  readonly hidden: boolean;
  readonly createdAt: number;
}

/** Auto-recharge: top up by `amount` when a debit takes the balance below `threshold`. */
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
  /** Stored as JSON: what `JSON.stringify` drops (undefined, functions) is not kept. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

/** `created`, or `duplicate` when a unique key already existed (nothing written). */
export type InsertResult = 'created' | 'duplicate';
