import { describe, expect, it } from 'vitest';
import { startupBanners } from '../src/banners.js';
import { DEMO_JWT_SECRET, DEMO_WEBHOOK_SECRET, isLoopback, loadConfig } from '../src/config.js';
import { configErrorOf, PRODUCTION_ENV, STRIPE_ENV } from './config-env.js';
import { INVOICE_SELLER_ENV } from './helpers.js';

/** Razorpay in test mode. */
const RAZORPAY = {
  PAYMENT_PROVIDER: 'razorpay',
  RAZORPAY_KEY_ID: 'rzp_test_1DP5mmOlF5G5ag',
  RAZORPAY_KEY_SECRET: 'thisisasecretkey0123',
  RAZORPAY_WEBHOOK_SECRET: 'webhook-secret-0123',
};

/** Demo mode with secrets of its own instead of the public ones. */
const OWN_DEMO_SECRETS = { JWT_SECRET: 'x'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'y'.repeat(20) };

describe('host configuration from the environment', () => {
  it('defaults to production mode, which will not start without real secrets', () => {
    expect(configErrorOf({}).variable).toBe('JWT_SECRET');
    const config = loadConfig(PRODUCTION_ENV);
    expect(config).toMatchObject({ demo: false, seed: false, host: '0.0.0.0', store: 'pglite', tickSeconds: 15 });
    expect(config.checkpointSeconds).toBeNull();
    expect(loadConfig({ ...PRODUCTION_ENV, TICK_SECONDS: '60', CHECKPOINT_SECONDS: '15' })).toMatchObject({
      tickSeconds: 60,
      checkpointSeconds: 15,
    });
    expect(config).toMatchObject({ maxTopUp: 10_000_000, maxRatePerMinute: 100_000 });
  });

  it('NODE_ENV does not choose the mode: only DEMO=true asks for demo mode', () => {
    expect(configErrorOf({ NODE_ENV: 'development' }).variable).toBe('JWT_SECRET');
    expect(loadConfig({ ...PRODUCTION_ENV, NODE_ENV: 'development' }).demo).toBe(false);
  });

  it('DEMO=true seeds the demo on 127.0.0.1 with the demo secrets', () => {
    const config = loadConfig({ DEMO: 'true' });
    expect(config).toMatchObject({ demo: true, seed: true, host: '127.0.0.1', port: 3000, store: 'pglite' });
    expect(config.jwtSecret).toBe(DEMO_JWT_SECRET);
    expect(config.payments).toEqual({ provider: 'simulated', webhookSecret: DEMO_WEBHOOK_SECRET });
    expect(config.payoutProvider).toBe('instant');
  });

  it('DEMO=true with the demo secrets refuses a network address but takes any loopback one', () => {
    for (const host of ['0.0.0.0', '192.168.1.20', '::', 'example.com']) {
      expect(configErrorOf({ DEMO: 'true', HOST: host }).variable).toBe('HOST');
      // One demo secret left is enough to forge: the webhook credits wallets.
      expect(configErrorOf({ DEMO: 'true', HOST: host, JWT_SECRET: PRODUCTION_ENV.JWT_SECRET }).variable).toBe('HOST');
    }
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) {
      expect(loadConfig({ DEMO: 'true', HOST: host }).host).toBe(host);
    }
    expect(loadConfig({ DEMO: 'true', HOST: '0.0.0.0', ...OWN_DEMO_SECRETS }).host).toBe('0.0.0.0');
  });

  it('production refuses the public demo secrets and the demo seed', () => {
    expect(configErrorOf({ ...PRODUCTION_ENV, JWT_SECRET: DEMO_JWT_SECRET }).variable).toBe('JWT_SECRET');
    expect(configErrorOf({ ...PRODUCTION_ENV, PAYMENT_WEBHOOK_SECRET: DEMO_WEBHOOK_SECRET }).variable).toBe(
      'PAYMENT_WEBHOOK_SECRET',
    );
    expect(configErrorOf({ ...PRODUCTION_ENV, SEED: 'true' }).variable).toBe('SEED');
  });

  it('production takes Stripe or Razorpay with their keys, and pays consultants out by hand', () => {
    expect(loadConfig(PRODUCTION_ENV)).toMatchObject({
      payments: { provider: 'stripe', publishableKey: STRIPE_ENV.STRIPE_PUBLISHABLE_KEY, apiUrl: undefined },
      payoutProvider: 'manual',
    });
    const razorpay = loadConfig({
      JWT_SECRET: PRODUCTION_ENV.JWT_SECRET,
      ...INVOICE_SELLER_ENV,
      ...RAZORPAY,
      RAZORPAY_API_URL: 'http://127.0.0.1:9',
    });
    expect(razorpay.payments).toMatchObject({ provider: 'razorpay', keyId: RAZORPAY.RAZORPAY_KEY_ID });
    expect(razorpay.payments).toMatchObject({ apiUrl: 'http://127.0.0.1:9' });
    // Demo mode may use a real provider's test mode too; /pay then does not exist.
    expect(loadConfig({ DEMO: 'true', ...STRIPE_ENV }).payments.provider).toBe('stripe');
  });

  it('production refuses the simulated provider, a missing provider or key, and instant payouts', () => {
    const { PAYMENT_PROVIDER: _provider, ...stripeKeys } = PRODUCTION_ENV;
    expect(configErrorOf(stripeKeys).variable).toBe('PAYMENT_PROVIDER');
    expect(configErrorOf({ ...PRODUCTION_ENV, PAYMENT_PROVIDER: 'simulated' }).variable).toBe('PAYMENT_PROVIDER');
    for (const variable of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET'] as const) {
      const { [variable]: _missing, ...rest } = PRODUCTION_ENV;
      const error = configErrorOf(rest);
      expect(error.variable).toBe(variable);
      expect(error.message).toContain('PAYMENT_PROVIDER=stripe');
    }
    for (const variable of ['RAZORPAY_KEY_ID', 'RAZORPAY_KEY_SECRET', 'RAZORPAY_WEBHOOK_SECRET'] as const) {
      const { [variable]: _missing, ...rest } = RAZORPAY;
      expect(configErrorOf({ JWT_SECRET: PRODUCTION_ENV.JWT_SECRET, ...rest }).variable).toBe(variable);
    }
    expect(configErrorOf({ ...PRODUCTION_ENV, PAYOUT_PROVIDER: 'instant' }).variable).toBe('PAYOUT_PROVIDER');
    // A live secret key with a test publishable key would open checkouts Stripe.js cannot complete.
    const mixed = { ...PRODUCTION_ENV, STRIPE_SECRET_KEY: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' };
    expect(configErrorOf(mixed).variable).toBe('STRIPE_PUBLISHABLE_KEY');
  });

  it('a provider key of the wrong kind is refused naming its variable, never echoing it', () => {
    const swapped = { ...PRODUCTION_ENV, STRIPE_SECRET_KEY: STRIPE_ENV.STRIPE_PUBLISHABLE_KEY };
    const error = configErrorOf(swapped);
    expect(error.variable).toBe('STRIPE_SECRET_KEY');
    expect(error.message).not.toContain(STRIPE_ENV.STRIPE_PUBLISHABLE_KEY);
    expect(configErrorOf({ ...PRODUCTION_ENV, STRIPE_API_URL: 'ftp://fake' }).variable).toBe('STRIPE_API_URL');
  });

  it('DATABASE_URL switches to PostgreSQL, MONGODB_URI to MongoDB, STORE=memory to memory', () => {
    expect(loadConfig({ ...PRODUCTION_ENV, DATABASE_URL: 'postgres://u:p@db:5432/x' }).store).toBe('postgres');
    expect(loadConfig({ ...PRODUCTION_ENV, MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0' }).store).toBe('mongodb');
    expect(loadConfig({ ...PRODUCTION_ENV, STORE: 'memory', DATABASE_URL: 'postgres://db/x' }).store).toBe('memory');
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['TICK_SECONDS', { TICK_SECONDS: '0' }],
    ['CHECKPOINT_SECONDS', { CHECKPOINT_SECONDS: '15' }],
    ['CHECKPOINT_SECONDS', { TICK_SECONDS: '60', CHECKPOINT_SECONDS: '60' }],
    ['PGLITE_MAINTENANCE_MINUTES', { PGLITE_MAINTENANCE_MINUTES: '-1' }],
    ['PGLITE_MAINTENANCE_MINUTES', { PGLITE_MAINTENANCE_MINUTES: '1441' }],
    ['PGLITE_MAINTENANCE_MINUTES', { PGLITE_MAINTENANCE_MINUTES: 'hourly' }],
    ['COMMISSION_BPS', { COMMISSION_BPS: '20000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/x' }],
    ['REDIS_URL', { REDIS_URL: 'http://redis' }],
    ['ICE_SERVERS', { ICE_SERVERS: '[{"nope":1}]' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['DEMO', { DEMO: 'maybe' }],
    ['STORE', { STORE: 'sqlite' }],
    ['MAX_RATE_PER_MINUTE', { MAX_RATE_PER_MINUTE: '0' }],
    ['MAX_RATE_PER_MINUTE', { MAX_RATE_PER_MINUTE: 'lots' }],
    ['MAX_TOP_UP', { MAX_TOP_UP: '99' }],
    ['PAYMENT_PROVIDER', { PAYMENT_PROVIDER: 'paypal' }],
    ['PAYOUT_PROVIDER', { PAYOUT_PROVIDER: 'cash' }],
    ['STRIPE_WEBHOOK_SECRET', { STRIPE_WEBHOOK_SECRET: 'not-a-whsec' }],
    ['RAZORPAY_API_URL', { RAZORPAY_API_URL: 'not a url' }],
  ])('a bad %s stops start-up with a message naming it', (variable, env) => {
    const error = configErrorOf({ ...PRODUCTION_ENV, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('ICE_SERVERS accepts a comma-separated list of URLs', () => {
    expect(loadConfig({ ...PRODUCTION_ENV, ICE_SERVERS: 'stun:a:3478, turn:b:3478' }).iceServers).toEqual([
      { urls: 'stun:a:3478' },
      { urls: 'turn:b:3478' },
    ]);
  });

  it('loopback means this machine only', () => {
    expect(['127.0.0.1', '127.9.9.9', 'LOCALHOST', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example.com'].some(isLoopback)).toBe(false);
  });
});

describe('start-up banners', () => {
  it('demo mode warns of the demo secrets, the seeded accounts, simulated payments and real money', () => {
    const [banner] = startupBanners(loadConfig({ DEMO: 'true' }));
    expect(banner).toContain('NOT FOR REAL MONEY');
    expect(banner).toContain('PUBLIC demo secrets');
    expect(banner).toContain('asha@demo.local');
    expect(banner).toContain('simulated');
    expect(banner).toContain('127.0.0.1 only');
  });

  it('production prints no demo banner; a memory store still warns that nothing is kept', () => {
    expect(startupBanners(loadConfig(PRODUCTION_ENV))).toEqual([]);
    const banners = startupBanners(loadConfig({ ...PRODUCTION_ENV, STORE: 'memory' }));
    expect(banners).toHaveLength(1);
    expect(banners[0]).toContain('NOTHING IS KEPT');
  });
});
