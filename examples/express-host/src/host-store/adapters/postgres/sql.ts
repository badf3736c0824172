import type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  NotificationPreferences,
  ProfileEdit,
  RatingRecord,
  SessionRef,
  UserRecord,
} from '../../records.js';
import type { HostTables } from './schema.js';

// Every statement is fixed text for a given schema, so the store runs each
// prepared. Each insert's parameters follow its column list, which is why
// they are built here, beside it.

const USER = 'id, name, email, role, password_hash, frozen, created_at';
const PROFILE = `consultant_id, bio, specialities, languages, rates, online, payout_account,
  status, status_reason, experience_years, photo_url, time_zone, schedule`;
const SESSION = 'id, user_id, consultant_id, requested_at';
const RATING = 'id, session_id, user_id, consultant_id, stars, review, hidden, created_at';
const AUTO_RECHARGE = 'user_id, threshold, amount, method_customer_ref, method_ref';
const AUDIT = 'id, actor_id, action, target, details, created_at';
const PREFERENCES = 'user_id, language, opted_out';

/** `$1, …, $n` for a column list. */
function placeholders(columns: string): string {
  return columns
    .split(',')
    .map((_, i) => `$${i + 1}`)
    .join(', ');
}

/** Inserts a row unless a unique key (any of them) holds; returns a row only when it inserted. */
function insertOnce(table: string, columns: string): string {
  return `INSERT INTO ${table} (${columns}) VALUES (${placeholders(columns)}) ON CONFLICT DO NOTHING RETURNING 1 AS inserted`;
}

// rules.ts: sessions newest request first, then id descending; ratings newest first, then id descending;
// the directory by consultant id; ids in code-unit order, which is the "C" collation's.
const NEWEST_SESSION_FIRST = 'ORDER BY requested_at DESC, id COLLATE "C" DESC';
const NEWEST_RATING_FIRST = 'ORDER BY created_at DESC, id COLLATE "C" DESC';

/** Every statement of the host store on the tables `t`. */
export function hostSql(t: HostTables) {
  return {
    insertUser: insertOnce(t.users, USER),
    userById: `SELECT ${USER} FROM ${t.users} WHERE id = $1`,
    // The unique index is on lower(email): rules.emailKey, in SQL.
    userByEmail: `SELECT ${USER} FROM ${t.users} WHERE lower(email) = lower($1)`,
    setFrozen: `UPDATE ${t.users} SET frozen = $2 WHERE id = $1 RETURNING ${USER}`,

    upsertProfile: `INSERT INTO ${t.profiles} (${PROFILE}) VALUES (${placeholders(PROFILE)})
      ON CONFLICT (consultant_id) DO UPDATE SET bio = EXCLUDED.bio, specialities = EXCLUDED.specialities,
      languages = EXCLUDED.languages, rates = EXCLUDED.rates, online = EXCLUDED.online,
      payout_account = EXCLUDED.payout_account, status = EXCLUDED.status, status_reason = EXCLUDED.status_reason,
      experience_years = EXCLUDED.experience_years, photo_url = EXCLUDED.photo_url,
      time_zone = EXCLUDED.time_zone, schedule = EXCLUDED.schedule`,
    profileOf: `SELECT ${PROFILE} FROM ${t.profiles} WHERE consultant_id = $1`,
    profiles: `SELECT ${PROFILE} FROM ${t.profiles} ORDER BY consultant_id COLLATE "C"`,
    setOnline: `UPDATE ${t.profiles} SET online = $2 WHERE consultant_id = $1 RETURNING ${PROFILE}`,
    setPayoutAccount: `UPDATE ${t.profiles} SET payout_account = $2 WHERE consultant_id = $1 RETURNING ${PROFILE}`,
    // rules.withEdit: the consultant's fields only.
    editProfile: `UPDATE ${t.profiles} SET bio = $2, experience_years = $3, specialities = $4, languages = $5,
      photo_url = $6, rates = $7, time_zone = $8, schedule = $9 WHERE consultant_id = $1 RETURNING ${PROFILE}`,
    setStatus: `UPDATE ${t.profiles} SET status = $2, status_reason = $3 WHERE consultant_id = $1 RETURNING ${PROFILE}`,
    profilesByStatus: `SELECT ${PROFILE} FROM ${t.profiles} WHERE status = $1 ORDER BY consultant_id COLLATE "C" LIMIT $2`,

    recordSession: insertOnce(t.sessions, SESSION),
    allSessions: `SELECT ${SESSION} FROM ${t.sessions} ${NEWEST_SESSION_FIRST} LIMIT $1`,
    sessionsOf: `SELECT ${SESSION} FROM ${t.sessions} WHERE user_id = $1 OR consultant_id = $1
      ${NEWEST_SESSION_FIRST} LIMIT $2`,

    insertRating: insertOnce(t.ratings, RATING),
    ratingOfSession: `SELECT ${RATING} FROM ${t.ratings} WHERE session_id = $1`,
    allRatings: `SELECT ${RATING} FROM ${t.ratings} ${NEWEST_RATING_FIRST}`,
    ratingsOf: `SELECT ${RATING} FROM ${t.ratings} WHERE consultant_id = $1 ${NEWEST_RATING_FIRST}`,
    setHidden: `UPDATE ${t.ratings} SET hidden = $2 WHERE id = $1 RETURNING ${RATING}`,

    autoRechargeOf: `SELECT ${AUTO_RECHARGE} FROM ${t.autoRecharge} WHERE user_id = $1`,
    setAutoRecharge: `INSERT INTO ${t.autoRecharge} (${AUTO_RECHARGE}) VALUES (${placeholders(AUTO_RECHARGE)})
      ON CONFLICT (user_id) DO UPDATE SET threshold = EXCLUDED.threshold, amount = EXCLUDED.amount,
      method_customer_ref = EXCLUDED.method_customer_ref, method_ref = EXCLUDED.method_ref`,
    clearAutoRecharge: `DELETE FROM ${t.autoRecharge} WHERE user_id = $1`,

    // `seq` (a bigserial) numbers the appends: rules.newestAppendedFirst.
    appendAudit: insertOnce(t.audit, AUDIT),
    latestAudit: `SELECT ${AUDIT} FROM ${t.audit} ORDER BY created_at DESC, seq DESC LIMIT $1`,

    preferencesOf: `SELECT ${PREFERENCES} FROM ${t.notificationPreferences} WHERE user_id = $1`,
    setPreferences: `INSERT INTO ${t.notificationPreferences} (${PREFERENCES}) VALUES (${placeholders(PREFERENCES)})
      ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language, opted_out = EXCLUDED.opted_out`,
    // One statement adds the kind unless present ($2 is the default language, for an account without a row).
    optOut: `INSERT INTO ${t.notificationPreferences} AS p (${PREFERENCES}) VALUES ($1, $2, jsonb_build_array($3::text))
      ON CONFLICT (user_id) DO UPDATE SET opted_out = CASE WHEN p.opted_out @> jsonb_build_array($3::text)
        THEN p.opted_out ELSE p.opted_out || jsonb_build_array($3::text) END
      RETURNING ${PREFERENCES}`,
  } as const;
}

/** The statements of {@link hostSql}. */
export type HostSql = ReturnType<typeof hostSql>;

/** Parameters of `insertUser`. */
export const userParams = (u: UserRecord): unknown[] => [
  u.id,
  u.name,
  u.email,
  u.role,
  u.passwordHash,
  u.frozen,
  u.createdAt,
];

/** Parameters of `upsertProfile`; jsonb goes as JSON text, which both drivers pass through. */
export const profileParams = (p: ConsultantProfile): unknown[] => [
  p.consultantId,
  p.bio,
  JSON.stringify(p.specialities),
  JSON.stringify(p.languages),
  JSON.stringify(p.rates),
  p.online,
  p.payoutAccount ?? null,
  p.status,
  p.statusReason,
  p.experienceYears,
  p.photoUrl,
  p.timeZone,
  JSON.stringify(p.schedule),
];

/** Parameters of `editProfile`. */
export const profileEditParams = (consultantId: string, e: ProfileEdit): unknown[] => [
  consultantId,
  e.bio,
  e.experienceYears,
  JSON.stringify(e.specialities),
  JSON.stringify(e.languages),
  e.photoUrl,
  JSON.stringify(e.rates),
  e.timeZone,
  JSON.stringify(e.schedule),
];

/** Parameters of `recordSession`. */
export const sessionParams = (s: SessionRef): unknown[] => [s.id, s.userId, s.consultantId, s.requestedAt];

/** Parameters of `insertRating`. */
export const ratingParams = (r: RatingRecord): unknown[] => [
  r.id,
  r.sessionId,
  r.userId,
  r.consultantId,
  r.stars,
  r.review,
  r.hidden,
  r.createdAt,
];

/** Parameters of `setAutoRecharge`. */
export const autoRechargeParams = (a: AutoRecharge): unknown[] => [
  a.userId,
  a.threshold,
  a.amount,
  a.method?.customerRef ?? null,
  a.method?.methodRef ?? null,
];

/** Parameters of `appendAudit`. */
export const auditParams = (e: AuditEntry): unknown[] => [
  e.id,
  e.actorId,
  e.action,
  e.target,
  JSON.stringify(e.details),
  e.createdAt,
];

/** Parameters of `setPreferences`; jsonb goes as JSON text. */
export const preferencesParams = (p: NotificationPreferences): unknown[] => [
  p.userId,
  p.language,
  JSON.stringify(p.optedOut),
];
