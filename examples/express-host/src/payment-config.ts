import { z } from 'zod';
import { ConfigError } from './config-error.js';

/** The simulated provider's webhook secret in demo mode. Public (it is in this file), so never accepted with `DEMO=false`. */
export const DEMO_WEBHOOK_SECRET = 'demo-only-webhook-secret';

/** What production refuses, and why, in one phrase. */
export const OUTSIDE_DEMO = 'outside demo mode (DEMO=true is not set)';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const oneWord = z.string().regex(/^\S+$/, 'must be one word, without spaces');

/** The payment settings in the environment; each is optional here, and required by the provider chosen. */
export const paymentEnvShape = {
  /** `simulated` (demo mode only, its default), `stripe` or `razorpay`. */
  PAYMENT_PROVIDER: z.enum(['simulated', 'stripe', 'razorpay']).optional(),
  /** The simulated provider's webhook secret (demo mode). */
  PAYMENT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)')
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe publishable key (pk_test_… or pk_live_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9]+$/, 'must be the webhook endpoint signing secret (whsec_…)')
    .optional(),
  /** Another Stripe API server (a local fake in tests); Stripe itself when unset. */
  STRIPE_API_URL: httpUrl.optional(),
  RAZORPAY_KEY_ID: z
    .string()
    .regex(/^rzp_(test|live)_[A-Za-z0-9]+$/, 'must be a Razorpay key id (rzp_test_… or rzp_live_…)')
    .optional(),
  RAZORPAY_KEY_SECRET: oneWord.optional(),
  RAZORPAY_WEBHOOK_SECRET: oneWord.optional(),
  /** Another Razorpay API server (a local fake in tests); api.razorpay.com when unset. */
  RAZORPAY_API_URL: httpUrl.optional(),
};

type PaymentEnv = { [K in keyof typeof paymentEnvShape]?: z.output<(typeof paymentEnvShape)[K]> };

/** The payment provider top-ups go through, with its credentials. Secrets: never log this object. */
export type PaymentProviderConfig =
  | { readonly provider: 'simulated'; readonly webhookSecret: string }
  | {
      readonly provider: 'stripe';
      readonly secretKey: string;
      readonly publishableKey: string;
      readonly webhookSecret: string;
      readonly apiUrl: string | undefined;
    }
  | {
      readonly provider: 'razorpay';
      readonly keyId: string;
      readonly keySecret: string;
      readonly webhookSecret: string;
      readonly apiUrl: string | undefined;
    };

function required(variable: string, value: string | undefined, provider: string): string {
  if (!value) throw new ConfigError(variable, `is required with PAYMENT_PROVIDER=${provider}`);
  return value;
}

const keyMode = (key: string) => (key.includes('_live_') ? 'live' : 'test');

function stripeConfig(e: PaymentEnv): PaymentProviderConfig {
  const secretKey = required('STRIPE_SECRET_KEY', e.STRIPE_SECRET_KEY, 'stripe');
  const publishableKey = required('STRIPE_PUBLISHABLE_KEY', e.STRIPE_PUBLISHABLE_KEY, 'stripe');
  if (keyMode(secretKey) !== keyMode(publishableKey)) {
    throw new ConfigError('STRIPE_PUBLISHABLE_KEY', 'must be of the same mode (test or live) as STRIPE_SECRET_KEY');
  }
  const webhookSecret = required('STRIPE_WEBHOOK_SECRET', e.STRIPE_WEBHOOK_SECRET, 'stripe');
  return { provider: 'stripe', secretKey, publishableKey, webhookSecret, apiUrl: e.STRIPE_API_URL };
}

function razorpayConfig(e: PaymentEnv): PaymentProviderConfig {
  return {
    provider: 'razorpay',
    keyId: required('RAZORPAY_KEY_ID', e.RAZORPAY_KEY_ID, 'razorpay'),
    keySecret: required('RAZORPAY_KEY_SECRET', e.RAZORPAY_KEY_SECRET, 'razorpay'),
    webhookSecret: required('RAZORPAY_WEBHOOK_SECRET', e.RAZORPAY_WEBHOOK_SECRET, 'razorpay'),
    apiUrl: e.RAZORPAY_API_URL,
  };
}

/**
 * The payment provider. Demo mode defaults to the simulated provider;
 * production refuses it (it moves no real money) and requires a real
 * provider with its keys.
 */
export function paymentsOf(e: PaymentEnv, demo: boolean): { payments: PaymentProviderConfig } {
  const provider = e.PAYMENT_PROVIDER ?? (demo ? 'simulated' : undefined);
  if (!provider) throw new ConfigError('PAYMENT_PROVIDER', `is required ${OUTSIDE_DEMO}: stripe or razorpay`);
  if (!demo && provider === 'simulated') {
    throw new ConfigError(
      'PAYMENT_PROVIDER',
      `simulated credits wallets without charging anyone, refused ${OUTSIDE_DEMO}: use stripe or razorpay`,
    );
  }
  if (!demo && e.PAYMENT_WEBHOOK_SECRET) {
    throw new ConfigError(
      'PAYMENT_WEBHOOK_SECRET',
      `is the simulated provider's secret, read in demo mode only; ${OUTSIDE_DEMO} webhooks are verified with STRIPE_WEBHOOK_SECRET or RAZORPAY_WEBHOOK_SECRET: unset it`,
    );
  }
  const payments: PaymentProviderConfig =
    provider === 'stripe'
      ? stripeConfig(e)
      : provider === 'razorpay'
        ? razorpayConfig(e)
        : { provider: 'simulated', webhookSecret: e.PAYMENT_WEBHOOK_SECRET ?? DEMO_WEBHOOK_SECRET };
  return { payments };
}
