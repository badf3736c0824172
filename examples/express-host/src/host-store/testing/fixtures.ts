import type { AuditEntry, AutoRecharge, ConsultantProfile, RatingRecord, SessionRef, UserRecord } from '../records.js';

/** An instant past 2^32 milliseconds, so a value cut to 32 bits, or stored as a double off by one, shows. */
export const T0 = 1_700_000_000_123;

/** An amount of paise past 2^32, for the same reason. */
export const LARGE_AMOUNT = 2 ** 40 + 7;

/** An account; `overrides` replace any field. */
export function aUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 'user:asha',
    name: 'Asha Rao',
    email: 'asha@example.com',
    role: 'user',
    passwordHash: 'scrypt$16384$8$1$salt$hash',
    frozen: false,
    createdAt: T0,
    ...overrides,
  };
}

/** A consultant's directory entry. */
export function aProfile(overrides: Partial<ConsultantProfile> = {}): ConsultantProfile {
  return {
    consultantId: 'consultant:guru',
    bio: 'Vedic astrologer',
    specialities: ['Vedic astrology', 'Kundli'],
    languages: ['Hindi', 'English'],
    rates: { chat: 1_000, voice: 1_500, video: LARGE_AMOUNT },
    online: true,
    status: 'approved',
    statusReason: null,
    experienceYears: 20,
    photoUrl: 'https://example.com/guru.jpg',
    timeZone: 'Asia/Kolkata',
    schedule: [
      { day: 1, from: '09:00', to: '13:00' },
      { day: 1, from: '17:30', to: '21:00' },
    ],
    ...overrides,
  };
}

/** A session reference. */
export function aSession(overrides: Partial<SessionRef> = {}): SessionRef {
  return { id: 'session:1', userId: 'user:asha', consultantId: 'consultant:guru', requestedAt: T0, ...overrides };
}

/** A rating of `session:1`. */
export function aRating(overrides: Partial<RatingRecord> = {}): RatingRecord {
  return {
    id: 'rating:1',
    sessionId: 'session:1',
    userId: 'user:asha',
    consultantId: 'consultant:guru',
    stars: 5,
    review: 'Very clear',
    hidden: false,
    createdAt: T0,
    ...overrides,
  };
}

/** Asha's auto-recharge setting, with a saved method. */
export function aSetting(overrides: Partial<AutoRecharge> = {}): AutoRecharge {
  return {
    userId: 'user:asha',
    threshold: 5_000,
    amount: LARGE_AMOUNT,
    method: { customerRef: 'cus_asha', methodRef: 'pm_card_visa' },
    ...overrides,
  };
}

/** An audit entry. */
export function anAuditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 'audit:1',
    actorId: 'admin:root',
    action: 'freeze',
    target: 'user:asha',
    details: {},
    createdAt: T0,
    ...overrides,
  };
}

/** Runs `write` several times at once, as racing requests would. */
export async function race<T>(writes: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  return await Promise.all(writes.map((write) => write()));
}
