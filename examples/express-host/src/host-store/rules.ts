import { HostError } from '../errors.js';
import type {
  AuditEntry,
  ConsultantProfile,
  ConsultantStatus,
  MailLanguage,
  NotificationKind,
  NotificationPreferences,
  ProfileEdit,
  RatingRecord,
  SessionRef,
} from './records.js';

/*
 * The rules every host store adapter keeps. Memory applies these functions
 * directly; the database adapters translate them (a unique index, a WHERE
 * clause, a sort specification, a CHECK) and point here, so the rules are
 * read in one place. The contract suite in `testing/` holds every adapter to them.
 */

/** Emails are unique ignoring case: the key an adapter compares and indexes. */
export function emailKey(email: string): string {
  return email.toLowerCase();
}

/** The directory is listed by consultant id. */
export function byConsultantId(a: ConsultantProfile, b: ConsultantProfile): number {
  return compareIds(a.consultantId, b.consultantId);
}

/** A profile with its payout account set to `account`, or without one for `null`. */
export function withPayoutAccount(profile: ConsultantProfile, account: string | null): ConsultantProfile {
  const { payoutAccount: _previous, ...rest } = profile;
  return account === null ? rest : { ...rest, payoutAccount: account };
}

/** The approval statuses a profile may have (the SQL table's CHECK). */
export const CONSULTANT_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'suspended',
] as const satisfies readonly ConsultantStatus[];

/**
 * What a profile stored before onboarding existed reads as: those consultants
 * were already serving, so they stay `approved` (an admin may suspend them);
 * the SQL migration's column defaults and the MongoDB backfill both use it.
 */
export const PROFILE_DEFAULTS = {
  status: 'approved',
  statusReason: null,
  experienceYears: 0,
  photoUrl: null,
  timeZone: 'Asia/Kolkata',
  schedule: [],
} as const satisfies Omit<
  ConsultantProfile,
  'consultantId' | 'bio' | 'specialities' | 'languages' | 'rates' | 'online'
>;

/** A profile with the consultant's editable fields replaced by `edit`, and nothing else changed. */
export function withEdit(profile: ConsultantProfile, edit: ProfileEdit): ConsultantProfile {
  return {
    ...profile,
    bio: edit.bio,
    experienceYears: edit.experienceYears,
    specialities: [...edit.specialities],
    languages: [...edit.languages],
    photoUrl: edit.photoUrl,
    rates: { ...edit.rates },
    timeZone: edit.timeZone,
    schedule: edit.schedule.map((slot) => ({ ...slot })),
  };
}

/** A session belongs to a participant as its user or its consultant; `null` selects every session. */
export function isParticipant(session: SessionRef, participantId: string | null): boolean {
  return participantId === null || session.userId === participantId || session.consultantId === participantId;
}

/** Sessions are listed newest request first, then by id descending. */
export function newestSessionFirst(a: SessionRef, b: SessionRef): number {
  return b.requestedAt - a.requestedAt || compareIds(b.id, a.id);
}

/** A rating is listed for its consultant; `null` selects every rating. */
export function isRatingOf(rating: RatingRecord, consultantId: string | null): boolean {
  return consultantId === null || rating.consultantId === consultantId;
}

/** Ratings are listed newest first, then by id descending. */
export function newestRatingFirst(a: RatingRecord, b: RatingRecord): number {
  return b.createdAt - a.createdAt || compareIds(b.id, a.id);
}

/** Stars a rating may carry (the SQL table's CHECK, the MongoDB collection's validator). */
export const STARS = { min: 1, max: 5 } as const;

/** `INVALID_INPUT` for a rating whose stars are out of {@link STARS}, as every adapter refuses it. */
export function starsOutOfRange(stars: number): HostError {
  return new HostError('INVALID_INPUT', `a rating has ${STARS.min} to ${STARS.max} stars, not ${stars}`, {
    field: 'stars',
  });
}

/** Whether a rating's stars are within {@link STARS} (the request schema has already made them an integer). */
export function starsInRange(stars: number): boolean {
  return stars >= STARS.min && stars <= STARS.max;
}

/** Audit details are kept as JSON, as a jsonb column keeps them: `undefined` fields are dropped. */
export function storedDetails(details: AuditEntry['details']): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}

/** An audit entry with its place in the log: `seq` grows with every append. */
export interface Appended {
  readonly entry: AuditEntry;
  readonly seq: number;
}

/** The audit log is listed newest first; of one instant, the last appended first. */
export function newestAppendedFirst(a: Appended, b: Appended): number {
  return b.entry.createdAt - a.entry.createdAt || b.seq - a.seq;
}

/** Every kind of email, in the order preferences list them. */
export const NOTIFICATION_KINDS = [
  'incoming-request',
  'low-balance',
  'session-summary',
  'invoice',
] as const satisfies readonly NotificationKind[];

/** The languages emails are written in (the SQL table's CHECK). */
export const MAIL_LANGUAGES = ['en', 'hi'] as const satisfies readonly MailLanguage[];

/** What an account that never set preferences gets: English, every kind on. */
export function defaultPreferences(userId: string): NotificationPreferences {
  return { userId, language: 'en', optedOut: [] };
}

/** Opted-out kinds as stored: each once, in {@link NOTIFICATION_KINDS} order (a stored array may hold them in any order). */
export function normalizedOptOuts(kinds: readonly string[]): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((kind) => kinds.includes(kind));
}

/** `preferences` with `kind` turned off as well. */
export function withOptOut(preferences: NotificationPreferences, kind: NotificationKind): NotificationPreferences {
  return { ...preferences, optedOut: normalizedOptOuts([...preferences.optedOut, kind]) };
}

/** A listing limit below 1 lists nothing (MongoDB would read `limit(0)` as "no limit"). */
export function listsNothing(limit: number): boolean {
  return limit < 1;
}

/**
 * Ids compare by UTF-16 code unit: for the ASCII ids the host makes, the order
 * of PostgreSQL's "C" collation and of MongoDB's binary string comparison.
 */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
