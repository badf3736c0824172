import { z } from 'zod';
import type { UserRecord } from '../host-store/index.js';

/** A positive amount of paise. */
export const paise = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The smallest top-up, in paise (₹1): the payments package's default, and Razorpay's minimum. */
export const MIN_TOP_UP = 100;

/** A top-up amount: from {@link MIN_TOP_UP} to `max` (`MAX_TOP_UP`). */
export const topUpAmount = (max: number) =>
  paise.min(MIN_TOP_UP, `must be at least ${MIN_TOP_UP} paise, the smallest top-up`).max(max);

/** An account as the API shows it. */
export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['user', 'consultant', 'admin']),
  frozen: z.boolean(),
});

/** The public view of a user record (never the password hash). */
export function publicUser(user: UserRecord): z.infer<typeof userSchema> {
  return { id: user.id, name: user.name, email: user.email, role: user.role, frozen: user.frozen };
}

/** A token with its user. */
export const authResultSchema = z.object({ token: z.string(), user: userSchema });

const rate = z.number().int().min(0);
const ratesOf = (each: z.ZodNumber) =>
  z.object({ chat: each.optional(), voice: each.optional(), video: each.optional() });

/** Service types with a rate each, paise per minute. */
export const ratesSchema = ratesOf(rate);

/** {@link ratesSchema} for input: each rate at most `max` paise per minute (`MAX_RATE_PER_MINUTE`). */
export const ratesUpTo = (max: number) =>
  ratesOf(rate.max(max, `must be at most ${max} paise per minute (MAX_RATE_PER_MINUTE)`));

/** A consultation session as the billing engine shows it. */
export const sessionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  consultantId: z.string(),
  service: z.enum(['chat', 'voice', 'video']),
  /** A service the consultant offered to switch to, until the user accepts it. */
  offeredService: z.enum(['chat', 'voice', 'video']).nullable(),
  /** `offered`: a slot the waitlist offers this user until `requestExpiresAt`; taking it makes it `requested`. */
  status: z.enum(['offered', 'requested', 'active', 'paused', 'ended']),
  /** `waitlist` when the slot was offered to a user waiting in a queue. */
  source: z.enum(['direct', 'waitlist']),
  endReason: z.string().nullable(),
  ratePerMinute: z.number().int(),
  commissionBps: z.number().int(),
  /** Leading seconds paid by the platform's promotions account, fixed at request time. */
  freeSeconds: z.number().int(),
  requestedAt: z.number().int(),
  requestExpiresAt: z.number().int(),
  acceptedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  summary: z.object({
    secondsBilled: z.number().int(),
    totalCharged: z.number().int(),
    userCharged: z.number().int(),
    /** Paid by the promotions account for the free seconds served. */
    promoCharged: z.number().int(),
    /** Free seconds served so far. */
    freeSeconds: z.number().int(),
    consultantShare: z.number().int(),
    commission: z.number().int(),
    intervals: z.number().int(),
  }),
});

/** A wallet's balances. */
export const walletSchema = z.object({
  balance: z.number().int(),
  available: z.number().int(),
  currency: z.string(),
  frozen: z.boolean(),
  /** Seconds of service a wallet must have available to start a consultation. */
  minimumStartSeconds: z.number().int(),
});

/** Page-size query helper. */
export const limitQuery = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
