import type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  ConsultantStatus,
  MailLanguage,
  NotificationPreferences,
  Rates,
  RatingRecord,
  SessionRef,
  UserRecord,
  UserRole,
  WeeklySlot,
} from '../../records.js';
import { normalizedOptOuts } from '../../rules.js';

// node-postgres returns int8 as a string, PGlite as a number; every value here
// is a safe integer by the host's rules (paise, epoch milliseconds), so Number() is exact.
type Int = string | number | bigint;

/** A `users` row. */
export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  password_hash: string;
  frozen: boolean;
  created_at: Int;
}

/** A `profiles` row; both drivers parse jsonb. */
export interface ProfileRow {
  consultant_id: string;
  bio: string;
  specialities: string[];
  languages: string[];
  rates: Rates;
  online: boolean;
  /** Null on profiles without one (and every profile of a release before migration 4). */
  payout_account: string | null;
  status: ConsultantStatus;
  status_reason: string | null;
  experience_years: number;
  photo_url: string | null;
  time_zone: string;
  schedule: WeeklySlot[];
}

/** A `sessions` row. */
export interface SessionRow {
  id: string;
  user_id: string;
  consultant_id: string;
  requested_at: Int;
}

/** A `ratings` row. */
export interface RatingRow {
  id: string;
  session_id: string;
  user_id: string;
  consultant_id: string;
  stars: number;
  review: string | null;
  hidden: boolean;
  created_at: Int;
}

/** An `auto_recharge` row. */
export interface AutoRechargeRow {
  user_id: string;
  threshold: Int;
  amount: Int;
  /** Both set, or both null (a CHECK). */
  method_customer_ref: string | null;
  method_ref: string | null;
}

/** A `notification_preferences` row. */
export interface NotificationPreferencesRow {
  user_id: string;
  language: MailLanguage;
  /** A JSON array of kinds. */
  opted_out: string[];
}

/** An `audit` row. */
export interface AuditRow {
  id: string;
  actor_id: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
  created_at: Int;
}

/** Maps a {@link UserRow} to an account. */
export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    passwordHash: row.password_hash,
    frozen: row.frozen,
    createdAt: Number(row.created_at),
  };
}

/** Maps a {@link ProfileRow} to a directory entry. */
export function toProfile(row: ProfileRow): ConsultantProfile {
  return {
    consultantId: row.consultant_id,
    bio: row.bio,
    specialities: row.specialities,
    languages: row.languages,
    rates: row.rates,
    online: row.online,
    status: row.status,
    statusReason: row.status_reason,
    experienceYears: row.experience_years,
    photoUrl: row.photo_url,
    timeZone: row.time_zone,
    schedule: row.schedule,
    ...(row.payout_account === null ? {} : { payoutAccount: row.payout_account }),
  };
}

/** Maps a {@link SessionRow} to a session reference. */
export function toSession(row: SessionRow): SessionRef {
  return {
    id: row.id,
    userId: row.user_id,
    consultantId: row.consultant_id,
    requestedAt: Number(row.requested_at),
  };
}

/** Maps a {@link RatingRow} to a rating. */
export function toRating(row: RatingRow): RatingRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    userId: row.user_id,
    consultantId: row.consultant_id,
    stars: row.stars,
    review: row.review,
    hidden: row.hidden,
    createdAt: Number(row.created_at),
  };
}

/** Maps an {@link AutoRechargeRow} to a setting. */
export function toAutoRecharge(row: AutoRechargeRow): AutoRecharge {
  const method =
    row.method_customer_ref === null || row.method_ref === null
      ? null
      : { customerRef: row.method_customer_ref, methodRef: row.method_ref };
  return { userId: row.user_id, threshold: Number(row.threshold), amount: Number(row.amount), method };
}

/** Maps an {@link AuditRow} to an audit entry. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actorId: row.actor_id,
    action: row.action,
    target: row.target,
    details: row.details,
    createdAt: Number(row.created_at),
  };
}

/** Maps a {@link NotificationPreferencesRow} to an account's email preferences. */
export function toNotificationPreferences(row: NotificationPreferencesRow): NotificationPreferences {
  return { userId: row.user_id, language: row.language, optedOut: normalizedOptOuts(row.opted_out) };
}
