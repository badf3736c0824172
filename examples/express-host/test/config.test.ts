import { describe, expect, it } from 'vitest';
import { startupBanners } from '../src/banners.js';
import { ConfigError, DEMO_JWT_SECRET, DEMO_WEBHOOK_SECRET, isLoopback, loadConfig } from '../src/config.js';

/** Real secrets, as production requires. */
const SECRETS = { JWT_SECRET: 'x'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'y'.repeat(20) };

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('host configuration from the environment', () => {
  it('defaults to production mode, which will not start without real secrets', () => {
    expect(configErrorOf({}).variable).toBe('JWT_SECRET');
    const config = loadConfig(SECRETS);
    expect(config).toMatchObject({ demo: false, seed: false, host: '0.0.0.0', store: 'pglite', tickSeconds: 15 });
    expect(config).toMatchObject({ maxTopUp: 10_000_000, maxRatePerMinute: 100_000 });
  });

  it('NODE_ENV does not choose the mode: only DEMO=true asks for demo mode', () => {
    expect(configErrorOf({ NODE_ENV: 'development' }).variable).toBe('JWT_SECRET');
    expect(loadConfig({ ...SECRETS, NODE_ENV: 'development' }).demo).toBe(false);
  });

  it('DEMO=true seeds the demo on 127.0.0.1 with the demo secrets', () => {
    const config = loadConfig({ DEMO: 'true' });
    expect(config).toMatchObject({ demo: true, seed: true, host: '127.0.0.1', port: 3000, store: 'pglite' });
    expect(config.jwtSecret).toBe(DEMO_JWT_SECRET);
    expect(config.webhookSecret).toBe(DEMO_WEBHOOK_SECRET);
  });

  it('DEMO=true with the demo secrets refuses a network address but takes any loopback one', () => {
    for (const host of ['0.0.0.0', '192.168.1.20', '::', 'example.com']) {
      expect(configErrorOf({ DEMO: 'true', HOST: host }).variable).toBe('HOST');
      // One demo secret left is enough to forge: the webhook credits wallets.
      expect(configErrorOf({ DEMO: 'true', HOST: host, JWT_SECRET: SECRETS.JWT_SECRET }).variable).toBe('HOST');
    }
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) {
      expect(loadConfig({ DEMO: 'true', HOST: host }).host).toBe(host);
    }
    expect(loadConfig({ DEMO: 'true', HOST: '0.0.0.0', ...SECRETS }).host).toBe('0.0.0.0');
  });

  it('production refuses the public demo secrets and the demo seed', () => {
    expect(configErrorOf({ ...SECRETS, JWT_SECRET: DEMO_JWT_SECRET }).variable).toBe('JWT_SECRET');
    expect(configErrorOf({ ...SECRETS, PAYMENT_WEBHOOK_SECRET: DEMO_WEBHOOK_SECRET }).variable).toBe(
      'PAYMENT_WEBHOOK_SECRET',
    );
    expect(configErrorOf({ ...SECRETS, SEED: 'true' }).variable).toBe('SEED');
  });

  it('DATABASE_URL switches to PostgreSQL, MONGODB_URI to MongoDB, STORE=memory to memory', () => {
    expect(loadConfig({ ...SECRETS, DATABASE_URL: 'postgres://u:p@db:5432/x' }).store).toBe('postgres');
    expect(loadConfig({ ...SECRETS, MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0' }).store).toBe('mongodb');
    expect(loadConfig({ ...SECRETS, STORE: 'memory', DATABASE_URL: 'postgres://db/x' }).store).toBe('memory');
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['TICK_SECONDS', { TICK_SECONDS: '0' }],
    ['COMMISSION_BPS', { COMMISSION_BPS: '20000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/x' }],
    ['REDIS_URL', { REDIS_URL: 'http://redis' }],
    ['ICE_SERVERS', { ICE_SERVERS: '[{"nope":1}]' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['DEMO', { DEMO: 'maybe' }],
    ['STORE', { STORE: 'sqlite' }],
    ['MAX_RATE_PER_MINUTE', { MAX_RATE_PER_MINUTE: '0' }],
    ['MAX_RATE_PER_MINUTE', { MAX_RATE_PER_MINUTE: 'lots' }],
  ])('a bad %s stops start-up with a message naming it', (variable, env) => {
    const error = configErrorOf({ ...SECRETS, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('ICE_SERVERS accepts a comma-separated list of URLs', () => {
    expect(loadConfig({ ...SECRETS, ICE_SERVERS: 'stun:a:3478, turn:b:3478' }).iceServers).toEqual([
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
    expect(startupBanners(loadConfig(SECRETS))).toEqual([]);
    const banners = startupBanners(loadConfig({ ...SECRETS, STORE: 'memory' }));
    expect(banners).toHaveLength(1);
    expect(banners[0]).toContain('NOTHING IS KEPT');
  });
});
