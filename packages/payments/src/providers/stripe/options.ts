import { type Clock, systemClock } from '@jyotishconnect/core';
import { z } from 'zod';
import { invalidInput } from '../../errors.js';

const keyMode = (key: string) => (key.includes('_live_') ? 'live' : 'test');

const optionsSchema = z
  .object({
    /** Server-side API key (`sk_…`, or a restricted `rk_…`); never leaves the server. */
    secretKey: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)'),
    /** Public key handed to Stripe.js in every checkout. */
    publishableKey: z.string().regex(/^pk_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe publishable key (pk_…)'),
    /** Signing secret of the webhook endpoint (`whsec_…`). */
    webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9]+$/, 'must be a webhook signing secret (whsec_…)'),
    /** How old a webhook may be, in seconds (never 0: the SDK would then skip the check). */
    toleranceSeconds: z.number().int().min(1).max(86_400).default(300),
    /** Retries of the SDK on network errors and 409/5xx; every POST carries an idempotency key, so retries are safe. */
    maxNetworkRetries: z.number().int().min(0).max(10).optional(),
    /** Another API server (a local fake, stripe-mock); Stripe itself when absent. */
    api: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65_535).optional(),
        protocol: z.enum(['http', 'https']).default('https'),
      })
      .optional(),
    /** The clock webhook ages are measured against. */
    clock: z.custom<Clock>((value) => typeof (value as Clock | null)?.now === 'function', 'must have now()').optional(),
  })
  .refine((options) => keyMode(options.secretKey) === keyMode(options.publishableKey), {
    message: 'must be of the same mode (test or live) as secretKey',
    path: ['publishableKey'],
  });

/** Options of {@link createStripeProvider}. */
export type StripeProviderOptions = z.input<typeof optionsSchema>;

/** The options with defaults applied. */
export type ResolvedStripeOptions = z.output<typeof optionsSchema> & { readonly clock: Clock };

/** Validates the options; throws `INVALID_INPUT` naming the field, never echoing a key. */
export function resolveStripeOptions(options: StripeProviderOptions): ResolvedStripeOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(issue?.path.join('.') || 'options', issue?.message ?? 'is invalid');
  }
  return { ...parsed.data, clock: parsed.data.clock ?? systemClock };
}
