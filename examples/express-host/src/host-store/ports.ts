import type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  ConsultantPromotion,
  ConsultantStatus,
  InsertResult,
  IssuedDocument,
  NotificationKind,
  NotificationPreferences,
  ProfileEdit,
  RatingRecord,
  SessionRef,
  TaxDocument,
  TaxDocumentDraft,
  UserRecord,
} from './records.js';

// One small port per aggregate. Every adapter implements them all and keeps
// the rules of `rules.ts`; `testing/` holds the contract suite they all pass.

/** Accounts: sign-up, login, the admin's freeze. */
export interface AccountStore {
  /** Inserts an account unless its id, or its email ignoring case, is taken. */
  insert(user: UserRecord): Promise<InsertResult>;
  byId(id: string): Promise<UserRecord | null>;
  /** The account with this email, ignoring case. */
  byEmail(email: string): Promise<UserRecord | null>;
  /** Sets the flag; the updated account, or `null` for an unknown id. */
  setFrozen(id: string, frozen: boolean): Promise<UserRecord | null>;
}

/** The consultant directory. */
export interface DirectoryStore {
  /** Creates or replaces a consultant's profile as a whole. */
  upsert(profile: ConsultantProfile): Promise<void>;
  profileOf(consultantId: string): Promise<ConsultantProfile | null>;
  /** Every profile, by consultant id. */
  list(): Promise<ConsultantProfile[]>;
  /** Sets the availability switch; the updated profile, or `null` for an unknown consultant. */
  setOnline(consultantId: string, online: boolean): Promise<ConsultantProfile | null>;
  /**
   * Sets the payout account and what the consultant is shown of it (`null`
   * removes both; no label removes the old one), changing nothing else; the
   * updated profile, or `null` for an unknown consultant.
   */
  setPayoutAccount(consultantId: string, account: string | null, label?: string): Promise<ConsultantProfile | null>;
  /** Replaces the fields a consultant edits, changing nothing else; the updated profile, or `null` for an unknown consultant. */
  editProfile(consultantId: string, edit: ProfileEdit): Promise<ConsultantProfile | null>;
  /** Sets the approval status and its reason, changing nothing else; the updated profile, or `null` for an unknown consultant. */
  setStatus(consultantId: string, status: ConsultantStatus, reason: string | null): Promise<ConsultantProfile | null>;
  /** At most `limit` profiles with this status, by consultant id. */
  listByStatus(status: ConsultantStatus, limit: number): Promise<ConsultantProfile[]>;
}

/** The host's index of sessions, for listings (the billing engine keeps the sessions). */
export interface SessionIndex {
  /** Remembers a session; an id already known keeps its first record. */
  record(ref: SessionRef): Promise<void>;
  /** At most `limit` sessions of a participant (every session for `null`), newest request first. */
  list(participantId: string | null, limit: number): Promise<SessionRef[]>;
}

/** Ratings and reviews: one per session. */
export interface RatingStore {
  /** Inserts a rating unless its id exists or its session is rated; stars outside 1 to 5 are `INVALID_INPUT`. */
  insert(rating: RatingRecord): Promise<InsertResult>;
  ofSession(sessionId: string): Promise<RatingRecord | null>;
  /** Ratings of a consultant (every rating for `null`), hidden ones included, newest first. */
  list(consultantId: string | null): Promise<RatingRecord[]>;
  /** Hides or shows a review; the updated rating, or `null` for an unknown id. */
  setHidden(ratingId: string, hidden: boolean): Promise<RatingRecord | null>;
}

/** Users' auto-recharge settings, with the saved payment method each charges. */
export interface AutoRechargeStore {
  settingOf(userId: string): Promise<AutoRecharge | null>;
  /** Creates or replaces the user's setting. */
  set(setting: AutoRecharge): Promise<void>;
  /** Removes the user's setting, if any. */
  clear(userId: string): Promise<void>;
}

/** Consultants' promotions for new clients: one per consultant. */
export interface PromotionStore {
  promotionOf(consultantId: string): Promise<ConsultantPromotion | null>;
  /** Creates or replaces the consultant's promotion. */
  set(promotion: ConsultantPromotion): Promise<void>;
  /** Removes the consultant's promotion, if any. */
  clear(consultantId: string): Promise<void>;
}

/** The admin audit log. */
export interface AuditLog {
  /** Appends an entry unless its id is logged. */
  append(entry: AuditEntry): Promise<InsertResult>;
  /** The `limit` newest entries, newest first; of one instant, the last appended first. */
  latest(limit: number): Promise<AuditEntry[]>;
}

/** Invoices and credit notes: numbered per series and financial year without gaps, never changed once issued. */
export interface TaxDocumentStore {
  /**
   * Numbers the draft one past the last of its series and financial year and
   * stores it, atomically: a failed issue takes no number. A key issued before
   * returns the first document, unchanged (`created: false`).
   */
  issue(draft: TaxDocumentDraft): Promise<IssuedDocument>;
  byNumber(number: string): Promise<TaxDocument | null>;
  byKey(key: string): Promise<TaxDocument | null>;
  /** A session's invoice and credit notes, in issue order. */
  ofSession(sessionId: string): Promise<TaxDocument[]>;
}

/** Each account's email preferences: the language, and the kinds it turned off. */
export interface NotificationPreferenceStore {
  /** The account's preferences, or `null` when it never set any. */
  preferencesOf(userId: string): Promise<NotificationPreferences | null>;
  /** Creates or replaces the account's preferences. */
  set(preferences: NotificationPreferences): Promise<void>;
  /**
   * Turns one kind off and nothing else, in one write (an unsubscribe link can
   * race a settings change); an account without preferences gets the defaults
   * with this kind off. Returns the preferences now stored.
   */
  optOut(userId: string, kind: NotificationKind): Promise<NotificationPreferences>;
}

/**
 * The host's own storage, one port per aggregate. Money never lives here: it
 * is in the wallet, and top-up orders and payouts are in the payments
 * package's stores. Connections belong to whoever opened them, not the store.
 */
export interface HostStore {
  readonly accounts: AccountStore;
  readonly directory: DirectoryStore;
  readonly sessions: SessionIndex;
  readonly ratings: RatingStore;
  readonly autoRecharge: AutoRechargeStore;
  readonly audit: AuditLog;
  readonly taxDocuments: TaxDocumentStore;
  readonly notificationPreferences: NotificationPreferenceStore;
  readonly promotions: PromotionStore;
}
