import { z } from 'zod';

const int = (min: number) => z.coerce.number().int().min(min);

/** The environment variables of the waitlist and free minutes (merged into the host's `envSchema`). */
export const waitlistEnvShape = {
  /** Free seconds of a user's first consultation on the platform, paid by the promotions account (0: none). */
  FIRST_CONSULTATION_FREE_SECONDS: int(0).max(3_600).default(0),
  /**
   * The most free seconds a consultant's promotion for new clients may give. Off (0) unless the
   * operator allows it: the platform pays those seconds to the consultant, so an operator who turns
   * it on should also vet who may sign up as a consultant.
   */
  MAX_PROMOTION_FREE_SECONDS: int(0).max(3_600).default(0),
  /** How long the first user in line has to take a freed slot before it goes to the next. */
  WAITLIST_OFFER_SECONDS: int(5).max(3_600).default(60),
  /** The average consultation length the waitlist's estimated wait assumes. */
  AVERAGE_CONSULTATION_SECONDS: int(60).max(14_400).default(600),
} as const;

type WaitlistEnv = { [K in keyof typeof waitlistEnvShape]: z.output<(typeof waitlistEnvShape)[K]> };

/** The waitlist and free-minutes settings. */
export interface WaitlistSettings {
  readonly firstConsultationFreeSeconds: number;
  readonly maxPromotionFreeSeconds: number;
  readonly waitlistOfferTimeoutMs: number;
  readonly averageConsultationSeconds: number;
}

/** Reads the waitlist and free-minutes settings from the validated environment. */
export function waitlistSettingsOf(e: WaitlistEnv): { waitlist: WaitlistSettings } {
  return {
    waitlist: {
      firstConsultationFreeSeconds: e.FIRST_CONSULTATION_FREE_SECONDS,
      maxPromotionFreeSeconds: e.MAX_PROMOTION_FREE_SECONDS,
      waitlistOfferTimeoutMs: e.WAITLIST_OFFER_SECONDS * 1000,
      averageConsultationSeconds: e.AVERAGE_CONSULTATION_SECONDS,
    },
  };
}
