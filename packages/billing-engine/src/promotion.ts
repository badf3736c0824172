import { invalidInput } from './errors.js';
import type { BillingStore } from './store.js';

/** A consultant's promotion for one user: leading seconds the promotions account pays. */
export interface Promotion {
  /** Free seconds at the start of the consultation (a whole number, at least 0). */
  readonly freeSeconds: number;
}

/**
 * The promotion a consultant offers new clients, asked once per request; the
 * seconds are fixed into the session like its rate. It applies only to a
 * user's first accepted consultation with that consultant (the engine checks
 * the store), so nobody gets it twice; `null`: no promotion.
 */
export type PromotionOf = (consultantId: string, userId: string) => Promotion | null | Promise<Promotion | null>;

/** What {@link freeSecondsOf} reads. */
export interface FreeSecondsSources {
  /** The platform's free seconds for a user's first accepted consultation (0: none). */
  readonly firstConsultationFreeSeconds: number;
  readonly store: BillingStore;
  readonly promotionOf: PromotionOf | undefined;
}

/**
 * Free seconds of a new request: the platform's first-consultation seconds
 * (only while the user has never had an accepted session) and the
 * consultant's promotion (only while the user has never had an accepted
 * session with that consultant) do not add up; the larger one applies.
 */
export async function freeSecondsOf(
  userId: string,
  consultantId: string,
  sources: FreeSecondsSources,
): Promise<number> {
  const first = sources.firstConsultationFreeSeconds;
  const platform = first > 0 && !(await sources.store.hasAcceptedSession(userId)) ? first : 0;
  const promotion = (await sources.promotionOf?.(consultantId, userId)) ?? null;
  if (!promotion) return platform;
  const promoted = promotion.freeSeconds;
  if (!Number.isSafeInteger(promoted) || promoted < 0) {
    throw invalidInput('promotion.freeSeconds', 'must be a whole number of seconds, at least 0');
  }
  if (promoted <= platform || (await sources.store.hasAcceptedSession(userId, consultantId))) return platform;
  return promoted;
}
