import { fromInt64 } from '@jyotishconnect/core/mongodb';
import type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  NotificationPreferences,
  RatingRecord,
  SessionRef,
  UserRecord,
} from '../../records.js';
import { normalizedOptOuts } from '../../rules.js';
import {
  type AuditDoc,
  type AutoRechargeDoc,
  type NotificationPreferencesDoc,
  type ProfileDoc,
  type RatingDoc,
  SERVICES,
  type SessionDoc,
  type UserDoc,
} from './documents.js';

// Collections are read with `promoteLongs: false`: each int64 is decoded, and
// checked to be a safe integer, by fromInt64.

/** Maps a {@link UserDoc} to an account. */
export function toUser(d: UserDoc): UserRecord {
  return {
    id: d._id,
    name: d.name,
    email: d.email,
    role: d.role,
    passwordHash: d.passwordHash,
    frozen: d.frozen,
    createdAt: fromInt64(d.createdAt),
  };
}

/** Maps a {@link ProfileDoc} to a directory entry: only the rates that are set. */
export function toProfile(d: ProfileDoc): ConsultantProfile {
  const rates: { -readonly [K in keyof ConsultantProfile['rates']]: number } = {};
  for (const service of SERVICES) {
    const rate = d.rates[service];
    if (rate !== undefined && rate !== null) rates[service] = fromInt64(rate);
  }
  return {
    consultantId: d._id,
    bio: d.bio,
    specialities: d.specialities,
    languages: d.languages,
    rates,
    online: d.online,
    status: d.status,
    statusReason: d.statusReason ?? null,
    experienceYears: d.experienceYears,
    photoUrl: d.photoUrl ?? null,
    timeZone: d.timeZone,
    schedule: d.schedule.map((slot) => ({ day: slot.day, from: slot.from, to: slot.to })),
    ...(typeof d.payoutAccount === 'string' ? { payoutAccount: d.payoutAccount } : {}),
  };
}

/** Maps a {@link SessionDoc} to a session reference. */
export function toSession(d: SessionDoc): SessionRef {
  return { id: d._id, userId: d.userId, consultantId: d.consultantId, requestedAt: fromInt64(d.requestedAt) };
}

/** Maps a {@link RatingDoc} to a rating. */
export function toRating(d: RatingDoc): RatingRecord {
  return {
    id: d._id,
    sessionId: d.sessionId,
    userId: d.userId,
    consultantId: d.consultantId,
    stars: d.stars,
    review: d.review ?? null,
    hidden: d.hidden,
    createdAt: fromInt64(d.createdAt),
  };
}

/** Maps an {@link AutoRechargeDoc} to a setting. */
export function toAutoRecharge(d: AutoRechargeDoc): AutoRecharge {
  const method = d.method ? { customerRef: d.method.customerRef, methodRef: d.method.methodRef } : null;
  return { userId: d._id, threshold: fromInt64(d.threshold), amount: fromInt64(d.amount), method };
}

/** Maps an {@link AuditDoc} to an audit entry. */
export function toAuditEntry(d: AuditDoc): AuditEntry {
  return {
    id: d._id,
    actorId: d.actorId,
    action: d.action,
    target: d.target,
    details: d.details,
    createdAt: fromInt64(d.createdAt),
  };
}

/** Maps a {@link NotificationPreferencesDoc} to an account's email preferences. */
export function toNotificationPreferences(d: NotificationPreferencesDoc): NotificationPreferences {
  return { userId: d._id, language: d.language, optedOut: normalizedOptOuts(d.optedOut) };
}
