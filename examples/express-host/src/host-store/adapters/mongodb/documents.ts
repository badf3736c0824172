import { int64 } from '@jyotishconnect/core/mongodb';
import type { Document, Long } from 'mongodb';
import type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  ConsultantStatus,
  MailLanguage,
  NotificationPreferences,
  ProfileEdit,
  RatingRecord,
  SessionRef,
  UserRecord,
  UserRole,
  WeeklySlot,
} from '../../records.js';
import { emailKey, normalizedOptOuts, storedDetails } from '../../rules.js';

// Every integer that can outgrow int32 (paise, epoch milliseconds, sequence
// numbers) is an int64 `Long`, never a BSON double. Each record's id is `_id`,
// so the primary index refuses a duplicate id.

/** The services a rate can be set for. */
export const SERVICES = ['chat', 'voice', 'video'] as const satisfies readonly (keyof ConsultantProfile['rates'])[];

type Service = (typeof SERVICES)[number];

/** An account. */
export interface UserDoc {
  _id: string;
  name: string;
  email: string;
  /** {@link emailKey} of `email`, under a unique index. */
  emailKey: string;
  role: UserRole;
  passwordHash: string;
  frozen: boolean;
  createdAt: Long;
}

/** A directory entry; `_id` is the consultant id. */
export interface ProfileDoc {
  _id: string;
  bio: string;
  specialities: string[];
  languages: string[];
  rates: { [K in Service]?: Long };
  online: boolean;
  /** The RazorpayX fund account; absent when none is set (and on profiles of earlier releases). */
  payoutAccount?: string;
  // Onboarding; profiles of earlier releases get rules.PROFILE_DEFAULTS from the migration.
  status: ConsultantStatus;
  statusReason: string | null;
  experienceYears: number;
  photoUrl: string | null;
  timeZone: string;
  schedule: WeeklySlot[];
}

/** A session reference. */
export interface SessionDoc {
  _id: string;
  userId: string;
  consultantId: string;
  requestedAt: Long;
}

/** A rating. */
export interface RatingDoc {
  _id: string;
  /** Under a unique index: one rating per session. */
  sessionId: string;
  userId: string;
  consultantId: string;
  stars: number;
  review: string | null;
  hidden: boolean;
  createdAt: Long;
}

/** An auto-recharge setting; `_id` is the user id. */
export interface AutoRechargeDoc {
  _id: string;
  threshold: Long;
  amount: Long;
  /** The saved payment method's references; absent on settings of earlier releases. */
  method?: { customerRef: string; methodRef: string } | null;
}

/** An audit entry. */
export interface AuditDoc {
  _id: string;
  actorId: string;
  action: string;
  target: string;
  details: Document;
  createdAt: Long;
  /** The append's number, from the `audit` counter: rules.newestAppendedFirst. Absent on entries logged before it. */
  seq?: Long;
}

/** An account's email preferences; `_id` is the account id. */
export interface NotificationPreferencesDoc {
  _id: string;
  language: MailLanguage;
  /** The kinds turned off: a set (`$addToSet` adds to it), listed in rules.NOTIFICATION_KINDS order when read. */
  optedOut: string[];
}

/** A named counter, like a SQL sequence. */
export interface CounterDoc {
  _id: string;
  value: Long;
}

/** An account as stored. */
export function userDoc(u: UserRecord): UserDoc {
  return {
    _id: u.id,
    name: u.name,
    email: u.email,
    emailKey: emailKey(u.email),
    role: u.role,
    passwordHash: u.passwordHash,
    frozen: u.frozen,
    createdAt: int64(u.createdAt),
  };
}

/** The fields a consultant edits, as stored (a `$set` of {@link ProfileDoc} fields). */
export function profileEditDoc(e: ProfileEdit): Pick<ProfileDoc, keyof ProfileEdit> {
  const rates: ProfileDoc['rates'] = {};
  for (const service of SERVICES) {
    const rate = e.rates[service];
    if (rate !== undefined) rates[service] = int64(rate);
  }
  return {
    bio: e.bio,
    experienceYears: e.experienceYears,
    specialities: [...e.specialities],
    languages: [...e.languages],
    photoUrl: e.photoUrl,
    rates,
    timeZone: e.timeZone,
    schedule: e.schedule.map((slot) => ({ day: slot.day, from: slot.from, to: slot.to })),
  };
}

/** A directory entry as stored, without its `_id` (a replacement document). */
export function profileDoc(p: ConsultantProfile): Omit<ProfileDoc, '_id'> {
  return {
    ...profileEditDoc(p),
    online: p.online,
    status: p.status,
    statusReason: p.statusReason,
    ...(p.payoutAccount === undefined ? {} : { payoutAccount: p.payoutAccount }),
  };
}

/** A session reference as stored. */
export function sessionDoc(s: SessionRef): SessionDoc {
  return { _id: s.id, userId: s.userId, consultantId: s.consultantId, requestedAt: int64(s.requestedAt) };
}

/** An auto-recharge setting as stored, without its `_id` (a replacement document). */
export function autoRechargeDoc(a: AutoRecharge): Omit<AutoRechargeDoc, '_id'> {
  const method = a.method && { customerRef: a.method.customerRef, methodRef: a.method.methodRef };
  return { threshold: int64(a.threshold), amount: int64(a.amount), method };
}

/** A rating as stored. */
export function ratingDoc(r: RatingRecord): RatingDoc {
  return {
    _id: r.id,
    sessionId: r.sessionId,
    userId: r.userId,
    consultantId: r.consultantId,
    stars: r.stars,
    review: r.review,
    hidden: r.hidden,
    createdAt: int64(r.createdAt),
  };
}

/** An audit entry as stored, numbered `seq`. */
export function auditDoc(e: AuditEntry, seq: Long): AuditDoc {
  return {
    _id: e.id,
    actorId: e.actorId,
    action: e.action,
    target: e.target,
    details: storedDetails(e.details),
    createdAt: int64(e.createdAt),
    seq,
  };
}

/** Email preferences as stored, without their `_id` (a replacement document). */
export function notificationPreferencesDoc(p: NotificationPreferences): Omit<NotificationPreferencesDoc, '_id'> {
  return { language: p.language, optedOut: normalizedOptOuts(p.optedOut) };
}
