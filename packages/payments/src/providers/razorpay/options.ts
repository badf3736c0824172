import { type Clock, systemClock } from '@jyotishconnect/core';
import { z } from 'zod';
import { invalidInput } from '../../errors.js';

/** Razorpay's live and test API host; test mode is chosen by the key id (`rzp_test_…`), not by the host. */
export const RAZORPAY_API_URL = 'https://api.razorpay.com';

const nonEmpty = z.string().min(1);

/** The email and phone number Razorpay requires on every recurring payment. */
export interface RazorpayContact {
  readonly email: string;
  readonly contact: string;
}

/** Looks up the email and phone number to send with a user's recurring payment. */
export type RazorpayContactLookup = (userId: string) => Promise<RazorpayContact>;

const optionsSchema = z.object({
  keyId: nonEmpty,
  keySecret: nonEmpty,
  webhookSecret: nonEmpty,
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .default(RAZORPAY_API_URL)
    .transform((url) => url.replace(/\/+$/, '')),
  contactOf: z.custom<RazorpayContactLookup>((value) => typeof value === 'function').optional(),
  tokenMaxAmount: z.number().int().min(100).max(100_000_000).default(1_500_000),
  clock: z.custom<Clock>((value) => typeof (value as Clock | null)?.now === 'function').default(systemClock),
});

/** Options of {@link createRazorpayProvider}. */
export interface RazorpayProviderOptions {
  /** The public key id (`rzp_live_…` or `rzp_test_…`); handed to the client's checkout. */
  readonly keyId: string;
  /** The key secret: authenticates API calls and signs checkout confirmations. Never leaves the server. */
  readonly keySecret: string;
  /** The secret set on the webhook in Razorpay's dashboard; signs webhook bodies. */
  readonly webhookSecret: string;
  /** The API host; defaults to {@link RAZORPAY_API_URL}. Tests point it at a local fake. */
  readonly baseUrl?: string;
  /**
   * The email and phone number sent with a recurring charge of the user's
   * saved token, which Razorpay requires. Without it they are read from the
   * Razorpay customer the saved method names (one more API call per charge).
   */
  readonly contactOf?: RazorpayContactLookup;
  /**
   * The most a saved card's token may be charged at once (`token.max_amount`
   * of the authorisation order), in paise; default ₹15,000, the RBI's limit
   * for recurring card debits without the cardholder's authentication.
   */
  readonly tokenMaxAmount?: number;
  /** Dates a saved card's token expiry (`token.expire_at`); Razorpay signs no timestamp a clock could check. */
  readonly clock?: Clock;
}

/** The options with defaults applied. */
export type ResolvedRazorpayOptions = z.output<typeof optionsSchema>;

/** Validates the options; throws `INVALID_INPUT` naming the field, never echoing a secret. */
export function resolveRazorpayOptions(options: RazorpayProviderOptions): ResolvedRazorpayOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const field = String(parsed.error.issues[0]?.path[0] ?? 'options');
  const problems: Record<string, string> = {
    baseUrl: 'must be an http(s) URL',
    contactOf: 'must be a function',
    tokenMaxAmount: 'must be a whole number of paise from 100 to 100000000',
    clock: 'must have now()',
  };
  throw invalidInput(field, problems[field] ?? 'must be a non-empty string');
}
