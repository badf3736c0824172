import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('host configuration from the environment', () => {
  it('defaults to embedded PGlite in demo mode with a 15-second tick', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ store: 'pglite', demo: true, tickSeconds: 15, port: 3000, seed: true });
  });

  it('DATABASE_URL switches to PostgreSQL, MONGODB_URI to MongoDB, STORE=memory to memory', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x' }).store).toBe('postgres');
    expect(loadConfig({ MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0' }).store).toBe('mongodb');
    expect(loadConfig({ STORE: 'memory', DATABASE_URL: 'postgres://db/x' }).store).toBe('memory');
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['TICK_SECONDS', { TICK_SECONDS: '0' }],
    ['COMMISSION_BPS', { COMMISSION_BPS: '20000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/x' }],
    ['REDIS_URL', { REDIS_URL: 'http://redis' }],
    ['ICE_SERVERS', { ICE_SERVERS: '[{"nope":1}]' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['JWT_SECRET', { DEMO: 'false' }],
    ['STORE', { STORE: 'sqlite' }],
  ])('a bad %s stops start-up with a message naming it', (variable, env) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
  });

  it('outside demo mode it starts with real secrets', () => {
    const config = loadConfig({ DEMO: 'false', JWT_SECRET: 'x'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'y'.repeat(20) });
    expect(config).toMatchObject({ demo: false, seed: false });
  });

  it('ICE_SERVERS accepts a comma-separated list of URLs', () => {
    expect(loadConfig({ ICE_SERVERS: 'stun:a:3478, turn:b:3478' }).iceServers).toEqual([
      { urls: 'stun:a:3478' },
      { urls: 'turn:b:3478' },
    ]);
  });
});
