import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { configErrorOf, PRODUCTION_ENV } from './config-env.js';
import { MODES, startTestHost, type TestHost } from './helpers.js';

describe('TRUST_PROXY and CORS_ORIGINS at start', () => {
  it('TRUST_PROXY takes what Express takes: false, a hop count, addresses, subnets and names', () => {
    const trustOf = (value: string) => loadConfig({ ...PRODUCTION_ENV, TRUST_PROXY: value }).proxy.trustProxy;
    expect(loadConfig(PRODUCTION_ENV).proxy.trustProxy).toBe(false);
    expect(trustOf('false')).toBe(false);
    expect(trustOf('1')).toBe(1);
    expect(trustOf('10.0.0.0/8, 192.168.1.7,loopback')).toEqual(['10.0.0.0/8', '192.168.1.7', 'loopback']);
    expect(trustOf('uniquelocal')).toEqual(['uniquelocal']);
    expect(trustOf('2001:db8::/32')).toEqual(['2001:db8::/32']);
  });

  it('bad TRUST_PROXY values fail start naming it; true only in demo mode', () => {
    for (const value of ['yes-please', '10.0.0.0/99', '300.1.1.1', '1.5', '-1', '50', 'loopback,,nope']) {
      expect(configErrorOf({ ...PRODUCTION_ENV, TRUST_PROXY: value }).variable, value).toBe('TRUST_PROXY');
    }
    // Every hop trusted: any client could write its own address into X-Forwarded-For.
    expect(configErrorOf({ ...PRODUCTION_ENV, TRUST_PROXY: 'true' }).message).toContain('number of proxies');
    expect(loadConfig({ DEMO: 'true', TRUST_PROXY: 'true' }).proxy.trustProxy).toBe(true);
  });

  it('CORS_ORIGINS takes exact origins; * only in demo mode; a path or another scheme fails start', () => {
    const origins = 'https://app.example.com, http://localhost:5173';
    expect(loadConfig({ ...PRODUCTION_ENV, CORS_ORIGINS: origins }).proxy.corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    expect(loadConfig(PRODUCTION_ENV).proxy.corsOrigins).toEqual([]);
    expect(loadConfig({ DEMO: 'true', CORS_ORIGINS: '*' }).proxy.corsOrigins).toBe('*');
    for (const value of [
      '*',
      'https://app.example.com/',
      'https://app.example.com/app',
      'app.example.com',
      'ftp://x.example',
    ]) {
      expect(configErrorOf({ ...PRODUCTION_ENV, CORS_ORIGINS: value }).variable, value).toBe('CORS_ORIGINS');
    }
  });
});

describe.each(MODES)('behind a reverse proxy in %s mode', (mode) => {
  const LIMIT = 3;
  const withHost = async (env: Record<string, string>, body: (t: TestHost) => Promise<void>) => {
    const t = await startTestHost(mode, { env: { RATE_LIMIT_AUTH_PER_MINUTE: String(LIMIT), ...env } });
    try {
      await body(t);
    } finally {
      await t.close();
    }
  };
  /** A failed login, as the client behind `forwardedFor` makes it through the proxy; its status. */
  const loginFrom = async (t: TestHost, forwardedFor: string) =>
    (
      await t.call('POST', '/api/auth/login', {
        body: { email: 'nobody@example.com', password: 'wrong-password' },
        headers: { 'x-forwarded-for': forwardedFor },
      })
    ).status;

  for (const trusted of ['loopback', '1']) {
    it(`TRUST_PROXY=${trusted}: two clients behind the proxy have rate-limit buckets of their own`, async () => {
      await withHost({ TRUST_PROXY: trusted }, async (t) => {
        for (let i = 0; i < LIMIT; i += 1) expect(await loginFrom(t, '203.0.113.5')).toBe(401);
        expect(await loginFrom(t, '203.0.113.5')).toBe(429);
        // Another client, through the same proxy: its own bucket, untouched.
        expect(await loginFrom(t, '203.0.113.6')).toBe(401);
        // The proxy appends the address it saw: a client's own X-Forwarded-For entry does not free it.
        expect(await loginFrom(t, '198.51.100.1, 203.0.113.5')).toBe(429);
      });
    });
  }

  it("the request log names the client behind a trusted proxy, and the peer's own address otherwise", async () => {
    for (const [trust, expected] of [
      ['loopback', '203.0.113.5'],
      ['10.0.0.0/8', '127.0.0.1'],
    ] as const) {
      const lines: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
      const t = await startTestHost(mode, { env: { TRUST_PROXY: trust }, logger });
      try {
        await t.call('GET', '/api/consultants', { headers: { 'x-forwarded-for': '203.0.113.5' } });
        const entry = lines.map((line) => JSON.parse(line)).find((e) => e.req?.url === '/api/consultants');
        expect(entry?.req.clientAddress, trust).toBe(expected);
        expect(entry?.req.remoteAddress, trust).toMatch(/127\.0\.0\.1$/);
      } finally {
        await t.close();
      }
    }
  });

  it('an untrusted peer cannot spoof X-Forwarded-For into a fresh bucket', async () => {
    // The test client connects from 127.0.0.1, which this list does not trust.
    for (const env of [{}, { TRUST_PROXY: '10.0.0.0/8' }] as Record<string, string>[]) {
      await withHost(env, async (t) => {
        for (let i = 0; i < LIMIT; i += 1) expect(await loginFrom(t, `203.0.113.${10 + i}`)).toBe(401);
        expect(await loginFrom(t, '203.0.113.99')).toBe(429);
      });
    }
  });

  const preflight = (t: TestHost, origin: string) =>
    fetch(`${t.url}/api/wallet`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  it('a preflight from an allowed origin gets the CORS headers; from any other origin it gets none', async () => {
    await withHost({ CORS_ORIGINS: 'https://app.example.com' }, async (t) => {
      const allowed = await preflight(t, 'https://app.example.com');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(allowed.headers.get('access-control-allow-methods')).toContain('GET');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://app.example.com']) {
        const refused = await preflight(t, origin);
        expect(refused.headers.get('access-control-allow-origin'), origin).toBeNull();
        expect(refused.headers.get('access-control-allow-headers'), origin).toBeNull();
      }
      // The call itself: the allowed origin may read the answer, others may not.
      const read = await fetch(`${t.url}/api/consultants`, { headers: { origin: 'https://app.example.com' } });
      expect(read.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const other = await fetch(`${t.url}/api/consultants`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('without CORS_ORIGINS no origin is allowed', async () => {
    await withHost({}, async (t) => {
      const answer = await preflight(t, 'https://app.example.com');
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
