import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { z } from 'zod';
import { invalidInput } from './errors.js';

const bps = z.number().int().min(0).max(10_000);
const serviceRates = z
  .object({
    chat: z.number().int().min(0).optional(),
    voice: z.number().int().min(0).optional(),
    video: z.number().int().min(0).optional(),
    /** Overrides the global commission for this consultant. */
    commissionBps: bps.optional(),
  })
  .strict();

/** The schema of {@link BillingConfig}: every field optional, with the defaults listed. */
export const billingConfigSchema = z
  .object({
    /** Identifies this engine in session leases; keep it across restarts to resume at once. */
    engineId: z
      .string()
      .min(1)
      .max(200)
      .default(() => globalThis.crypto.randomUUID()),
    /** Length of a billing interval. */
    intervalSeconds: z.number().int().min(1).max(3_600).default(15),
    /**
     * Seconds between checkpoints inside an interval, shorter than the interval (unset: none). At
     * each the engine observes presence and writes the record, and a session whose engine stopped
     * is charged up to its last checkpoint: a long interval moves the wallet rarely, and short
     * checkpoints keep what a crash forgives short (see the scaling guide).
     */
    checkpointSeconds: z.number().int().min(1).max(3_599).optional(),
    /** An unanswered request expires after this long. */
    requestTimeoutMs: z.number().int().min(1).default(60_000),
    /** A slot offered to the next user in a waitlist expires after this long unless the user takes it. */
    waitlistOfferTimeoutMs: z.number().int().min(1).default(60_000),
    /** The average consultation length the waitlist's estimated wait assumes (see `estimateWaitSeconds`). */
    averageConsultationSeconds: z.number().int().min(1).default(600),
    /** A session starts only if the user's wallet pays for this much service. */
    minimumBalanceSeconds: z.number().int().min(0).default(60),
    /** `session.lowBalance` fires when the wallet pays for less than this much more service. */
    lowBalanceSeconds: z.number().int().min(0).default(120),
    /** Open sessions (requested, active or paused) a consultant may have at once. */
    maxSessionsPerConsultant: z.number().int().min(1).default(1),
    /** Platform commission in basis points unless the consultant's rate card overrides it. */
    commissionBps: bps.default(2_000),
    /** Free seconds of a user's first accepted consultation, paid by the promotions account. */
    firstConsultationFreeSeconds: z.number().int().min(0).default(0),
    /** A paused session, or one whose engine was down, ends after this long. */
    pauseGraceMs: z.number().int().min(0).default(60_000),
    /** An active session pauses once the user or the consultant has been away (see `present`/`absent`) this long. */
    absenceGraceMs: z.number().int().min(0).default(10_000),
    /** How often to close expired holds in the wallet's storage (0: never; reads ignore them anyway). */
    holdSweepMs: z.number().int().min(0).default(60_000),
    /** A session ends with `max_duration` after this much service. */
    maxDurationSeconds: z.number().int().min(1).default(14_400),
    /** A hold expires this long after its interval's planned end. */
    holdMarginMs: z.number().int().min(1_000).default(30_000),
    /** A session's lease lasts this long past its next planned wake-up. */
    leaseTtlMs: z.number().int().min(1_000).default(30_000),
    /** How often to look for sessions whose lease ended (0: only in `restore()`). */
    takeoverScanMs: z.number().int().min(0).default(10_000),
    /**
     * Sessions processed at once; a slow store call holds one of these slots.
     * Unset: 4,096 with group commit, whose batches hold only the ticks in
     * flight, else 256.
     */
    maxConcurrentTicks: z.number().int().min(1).optional(),
    /** Due sessions taken per turn of the event loop. */
    tickBatchSize: z.number().int().min(1).default(1_024),
    /**
     * Group commit: the wallet and store calls of ticks running at once go to
     * storage in batches (see the billing guide). Worth it on a database,
     * where each call is a round trip; `false` (the default) calls one by one.
     */
    groupCommit: z
      .union([
        z.literal(false),
        z
          .object({
            /** Most calls of one kind in one batch. */
            maxBatch: z.number().int().min(1).max(1_000).default(1_000),
            /** How long a batch waits for more calls (0: only those of one turn of the event loop). */
            maxDelayMs: z.number().int().min(0).max(1_000).default(0),
            /** Most batches of one kind at storage at once; calls made while all are busy join the next batch. */
            maxInFlight: z.number().int().min(1).max(64).default(2),
          })
          .strict(),
      ])
      .default(false),
    /** Rate cards in paise per minute, by consultant id, seeding the default in-memory rate card. */
    rates: z.record(z.string(), serviceRates).default({}),
    /** System accounts credited with commission and debited for free seconds. */
    accounts: z
      .object({
        revenue: z.string().min(1).default(SYSTEM_ACCOUNTS.revenue),
        promotions: z.string().min(1).default(SYSTEM_ACCOUNTS.promotions),
      })
      .prefault({}),
  })
  .strict();

/** Configuration of a billing engine, with defaults applied. */
export type BillingConfig = Omit<z.output<typeof billingConfigSchema>, 'maxConcurrentTicks'> & {
  /** As the schema documents it, resolved from `groupCommit` when unset. */
  readonly maxConcurrentTicks: number;
};

/** Configuration as callers write it: every field optional. */
export type BillingConfigInput = z.input<typeof billingConfigSchema>;

/** A consultant's rate card: paise per minute by service type, and an optional commission override. */
export type ConsultantRates = z.output<typeof serviceRates>;

/** Validates configuration and applies defaults; `INVALID_INPUT` names the first bad field. */
export function parseBillingConfig(input: BillingConfigInput = {}): BillingConfig {
  const result = billingConfigSchema.safeParse(input);
  // Checked here rather than refined in the schema, which callers may extend.
  if (result.success && (result.data.checkpointSeconds ?? 0) >= result.data.intervalSeconds) {
    throw invalidInput('config.checkpointSeconds', 'must be shorter than intervalSeconds');
  }
  if (result.success) {
    const { data } = result;
    return { ...data, maxConcurrentTicks: data.maxConcurrentTicks ?? (data.groupCommit ? 4_096 : 256) };
  }
  const issue = result.error.issues[0];
  const field = issue?.path.length ? `config.${issue.path.join('.')}` : 'config';
  throw invalidInput(field, issue?.message ?? 'is invalid');
}
