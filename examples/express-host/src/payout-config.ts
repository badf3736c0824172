import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { OUTSIDE_DEMO } from './payment-config.js';

const oneWord = z.string().regex(/^\S+$/, 'must be one word, without spaces');

/** The payout settings in the environment; the `RAZORPAYX_*` ones are required with `PAYOUT_PROVIDER=razorpayx`. */
export const payoutEnvShape = {
  /** `manual` (an operator pays by bank transfer; the production default), `razorpayx`, or `instant` (demo mode only). */
  PAYOUT_PROVIDER: z.enum(['manual', 'instant', 'razorpayx']).optional(),
  RAZORPAYX_KEY_ID: z
    .string()
    .regex(/^rzp_(test|live)_[A-Za-z0-9]+$/, 'must be a Razorpay key id (rzp_test_… or rzp_live_…)')
    .optional(),
  RAZORPAYX_KEY_SECRET: oneWord.optional(),
  RAZORPAYX_WEBHOOK_SECRET: oneWord.optional(),
  /** The RazorpayX account the money leaves from (a current account or RazorpayX Lite): its digits. */
  RAZORPAYX_ACCOUNT_NUMBER: z
    .string()
    .regex(/^\d{5,25}$/, 'must be the RazorpayX account number: 5 to 25 digits')
    .optional(),
  /** The transfer rail; `UPI` needs consultants' fund accounts to be VPAs. */
  RAZORPAYX_MODE: z.enum(['IMPS', 'NEFT', 'RTGS', 'UPI']).default('IMPS'),
  /** Another Razorpay API server (a local fake in tests); api.razorpay.com when unset. */
  RAZORPAYX_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
};

type PayoutEnv = { [K in keyof typeof payoutEnvShape]?: z.output<(typeof payoutEnvShape)[K]> };

/** How consultants are paid: an operator's bank transfer (`manual`), RazorpayX, or at once without moving money (`instant`, demo). */
export type PayoutProviderKind = 'manual' | 'instant' | 'razorpayx';

/** RazorpayX's credentials and the account payouts leave from. Secrets: never log this object. */
export interface RazorpayXConfig {
  readonly keyId: string;
  readonly keySecret: string;
  readonly webhookSecret: string;
  readonly accountNumber: string;
  readonly mode: 'IMPS' | 'NEFT' | 'RTGS' | 'UPI';
  readonly apiUrl: string | undefined;
}

function required(variable: string, value: string | undefined): string {
  if (!value) throw new ConfigError(variable, 'is required with PAYOUT_PROVIDER=razorpayx');
  return value;
}

function razorpayXConfig(e: PayoutEnv): RazorpayXConfig {
  return {
    keyId: required('RAZORPAYX_KEY_ID', e.RAZORPAYX_KEY_ID),
    keySecret: required('RAZORPAYX_KEY_SECRET', e.RAZORPAYX_KEY_SECRET),
    webhookSecret: required('RAZORPAYX_WEBHOOK_SECRET', e.RAZORPAYX_WEBHOOK_SECRET),
    accountNumber: required('RAZORPAYX_ACCOUNT_NUMBER', e.RAZORPAYX_ACCOUNT_NUMBER),
    mode: e.RAZORPAYX_MODE ?? 'IMPS',
    apiUrl: e.RAZORPAYX_API_URL,
  };
}

/**
 * The payout provider: demo mode defaults to instant payouts, production to
 * manual ones and refuses instant (it moves no money). RazorpayX, in either
 * mode, requires its keys, webhook secret and account number.
 */
export function payoutsOf(
  e: PayoutEnv,
  demo: boolean,
): { payoutProvider: PayoutProviderKind; razorpayx: RazorpayXConfig | null } {
  const payoutProvider = e.PAYOUT_PROVIDER ?? (demo ? 'instant' : 'manual');
  if (!demo && payoutProvider === 'instant') {
    throw new ConfigError(
      'PAYOUT_PROVIDER',
      `instant pays out without moving money, refused ${OUTSIDE_DEMO}: use manual or razorpayx`,
    );
  }
  return { payoutProvider, razorpayx: payoutProvider === 'razorpayx' ? razorpayXConfig(e) : null };
}
