import { invalidInput } from './errors.js';
import type { BillingStore } from './store.js';

/** A consultant's promotion for one user: leading seconds the promotions account pays. */
export interface Promotion {
  /** Free seconds at the start of the consultation (a whole number, at least 0). */
  readonly freeSeconds: number;
}

/**
 * The promotion a consultant offers a user, asked once per request; the
 * seconds are fixed into the session like its rate. The host decides who
 * qualifies and must answer `null` once the user has used the promotion, so
 * nobody gets it twice (for example: answer only while the user has no
 * accepted session with this consultant).
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
 * consultant's promotion do not add up; the larger one applies, so one
 * consultation is never paid for twice by the promotions account.
 */
export async function freeSecondsOf(
  userId: string,
  consultantId: string,
  sources: FreeSecondsSources,
): Promise<number> {
  const first = sources.firstConsultationFreeSeconds;
  const platform = first > 0 && !(await sources.store.hasAcceptedSession(userId)) ? first : 0;
  const promotion = (await sources.promotionOf?.(consultantId, userId)) ?? null;
  const promoted = promotion?.freeSeconds ?? 0;
  if (!Number.isSafeInteger(promoted) || promoted < 0) {
    throw invalidInput('promotion.freeSeconds', 'must be a whole number of seconds, at least 0');
  }
  return Math.max(platform, promoted);
}
