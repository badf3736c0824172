import { ConfigError, loadConfig } from '../src/config.js';
import { INVOICE_SELLER_ENV } from './helpers.js';

/** Stripe in test mode, keys as Stripe makes them. */
export const STRIPE_ENV = {
  PAYMENT_PROVIDER: 'stripe',
  STRIPE_SECRET_KEY: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_TYooMQauvdEDq54NiTphI7jx',
  STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
};

/** Real secrets, a real payment provider and an invoice seller, as production requires. */
export const PRODUCTION_ENV = { JWT_SECRET: 'x'.repeat(40), ...STRIPE_ENV, ...INVOICE_SELLER_ENV };

/** The error `loadConfig` refuses `env` with; throws if it accepts it. */
export function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}
