import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_TURN_SECRET, loadConfig } from '../src/config.js';
import { callSetupFor, turnCredentialFor } from '../src/turn-credentials.js';
import { configErrorOf, PRODUCTION_ENV } from './config-env.js';
import { castOf, MODES, type Person, startTestHost, type TestHost } from './helpers.js';

/** coturn's check, computed by OpenSSL and base64(1), not by the host's code: base64(HMAC-SHA1(secret, username)). */
function opensslCredential(secret: string, username: string): string {
  const script = 'printf %s "$1" | openssl dgst -sha1 -hmac "$2" -binary | base64';
  return execFileSync('sh', ['-c', script, 'sh', username, secret], { encoding: 'utf8' }).trim();
}

const TURN_URL = 'turn:127.0.0.1:3478?transport=udp';
const SECRET = 'a-turn-secret-of-forty-characters-000000';

describe('TURN REST credentials (coturn use-auth-secret)', () => {
  it('the username is <expiry>:<account> and the password is what OpenSSL computes from it', () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const issued = turnCredentialFor({ secret: SECRET, ttlSeconds: 3_600 }, 'user:asha', now);
    expect(issued.username).toBe(`${Math.floor(now / 1000) + 3_600}:user:asha`);
    expect(issued.username).toBe('1767326645:user:asha');
    expect(issued.credential).toBe(opensslCredential(SECRET, '1767326645:user:asha'));
  });

  it('a different secret, account or expiry gives a different password', () => {
    const base = turnCredentialFor({ secret: SECRET, ttlSeconds: 600 }, 'u1', 0).credential;
    expect(turnCredentialFor({ secret: `${SECRET}x`, ttlSeconds: 600 }, 'u1', 0).credential).not.toBe(base);
    expect(turnCredentialFor({ secret: SECRET, ttlSeconds: 600 }, 'u2', 0).credential).not.toBe(base);
    expect(turnCredentialFor({ secret: SECRET, ttlSeconds: 601 }, 'u1', 0).credential).not.toBe(base);
  });

  it('a call setup lists the static servers, then the TURN service with its credentials', () => {
    const routing = {
      turn: { urls: [TURN_URL], secret: SECRET, ttlSeconds: 60 },
      iceTransportPolicy: 'relay' as const,
    };
    const setup = callSetupFor(routing, [{ urls: 'stun:stun.example.com:3478' }], 'c1', 1_000);
    expect(setup).toEqual({
      iceServers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: [TURN_URL], username: '61:c1', credential: opensslCredential(SECRET, '61:c1') },
      ],
      iceTransportPolicy: 'relay',
      expiresAt: new Date(61_000).toISOString(),
    });
    const none = callSetupFor({ turn: null, iceTransportPolicy: 'all' }, [], 'c1', 1_000);
    expect(none).toEqual({ iceServers: [], iceTransportPolicy: 'all', expiresAt: null });
  });
});

describe('TURN settings at start', () => {
  it('production takes TURN_URLS with a secret of its own of 32 characters or more', () => {
    const config = loadConfig({
      ...PRODUCTION_ENV,
      TURN_URLS: `${TURN_URL}, turns:turn.example.com:5349`,
      TURN_SECRET: SECRET,
    });
    expect(config.callRouting).toEqual({
      turn: { urls: [TURN_URL, 'turns:turn.example.com:5349'], secret: SECRET, ttlSeconds: 3_600 },
      iceTransportPolicy: 'all',
    });
    expect(loadConfig(PRODUCTION_ENV).callRouting).toEqual({ turn: null, iceTransportPolicy: 'all' });
  });

  it('production refuses a missing, short or demo TURN secret', () => {
    for (const secret of [undefined, 'short-secret', DEMO_TURN_SECRET]) {
      const env = { ...PRODUCTION_ENV, TURN_URLS: TURN_URL, ...(secret ? { TURN_SECRET: secret } : {}) };
      expect(configErrorOf(env).variable).toBe('TURN_SECRET');
    }
  });

  it('bad TURN values fail start naming the variable', () => {
    const bad: Array<[string, Record<string, string>]> = [
      ['TURN_URLS', { TURN_URLS: 'stun:stun.example.com' }],
      ['TURN_URLS', { TURN_URLS: 'https://turn.example.com' }],
      ['TURN_URLS', { TURN_URLS: ' , ' }],
      ['TURN_URLS', { TURN_SECRET: SECRET }],
      ['TURN_TTL_SECONDS', { TURN_URLS: TURN_URL, TURN_SECRET: SECRET, TURN_TTL_SECONDS: '5' }],
      ['TURN_TTL_SECONDS', { TURN_URLS: TURN_URL, TURN_SECRET: SECRET, TURN_TTL_SECONDS: '999999' }],
      ['ICE_TRANSPORT_POLICY', { ICE_TRANSPORT_POLICY: 'relay' }],
      ['ICE_TRANSPORT_POLICY', { ICE_TRANSPORT_POLICY: 'direct' }],
    ];
    for (const [variable, env] of bad)
      expect(configErrorOf({ ...PRODUCTION_ENV, ...env }).variable, JSON.stringify(env)).toBe(variable);
    // A relay-only policy may use a TURN server of ICE_SERVERS, with its own fixed credentials.
    const staticRelay = '[{"urls":"turn:turn.example.com:3478","username":"u","credential":"p"}]';
    expect(
      loadConfig({ ...PRODUCTION_ENV, ICE_TRANSPORT_POLICY: 'relay', ICE_SERVERS: staticRelay }).callRouting
        .iceTransportPolicy,
    ).toBe('relay');
  });

  it('demo mode signs with the public demo secret on a loopback address only', () => {
    expect(loadConfig({ DEMO: 'true', TURN_URLS: TURN_URL }).callRouting.turn?.secret).toBe(DEMO_TURN_SECRET);
    const own = { JWT_SECRET: 'x'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'y'.repeat(20) };
    expect(configErrorOf({ DEMO: 'true', HOST: '0.0.0.0', ...own, TURN_URLS: TURN_URL }).variable).toBe('HOST');
    expect(loadConfig({ DEMO: 'true', HOST: '0.0.0.0', ...own, TURN_URLS: TURN_URL, TURN_SECRET: SECRET }).host).toBe(
      '0.0.0.0',
    );
  });
});

describe.each(MODES)('call setup for a consultation in %s mode', (mode) => {
  const secret = mode === 'demo' ? DEMO_TURN_SECRET : randomBytes(24).toString('base64url');
  let t: TestHost;
  const start = async (env: Record<string, string>) => {
    t = await startTestHost(mode, { env });
    return await castOf(t);
  };
  const request = async (asker: Person, consultant: Person, service: 'chat' | 'voice' | 'video') => {
    const { status, body } = await t.call('POST', '/api/consultations', {
      token: asker.token,
      body: { consultantId: consultant.id, service },
    });
    expect(status, JSON.stringify(body)).toBe(201);
    return body.id as string;
  };
  const accept = async (consultant: Person, id: string) =>
    expect((await t.call('POST', `/api/consultations/${id}/accept`, { token: consultant.token })).status).toBe(200);
  const iceServers = (id: string, token?: string) =>
    t.call('GET', `/api/consultations/${encodeURIComponent(id)}/ice-servers`, token ? { token } : {});

  it('each participant of a running video call gets fresh credentials, signed as coturn checks them', async () => {
    const env = {
      TURN_URLS: TURN_URL,
      TURN_TTL_SECONDS: '600',
      ICE_TRANSPORT_POLICY: 'relay',
      ICE_SERVERS: 'stun:stun.example.com:3478',
    };
    const cast = await start(mode === 'demo' ? env : { ...env, TURN_SECRET: secret });
    try {
      const id = await request(cast.asha, cast.guru, 'video');
      await accept(cast.guru, id);
      for (const person of [cast.asha, cast.guru]) {
        const { status, body } = await iceServers(id, person.token);
        expect(status).toBe(200);
        const expiry = Math.floor(t.clock.now() / 1000) + 600;
        expect(body).toEqual({
          iceServers: [
            { urls: 'stun:stun.example.com:3478' },
            {
              urls: [TURN_URL],
              username: `${expiry}:${person.id}`,
              credential: opensslCredential(secret, `${expiry}:${person.id}`),
            },
          ],
          iceTransportPolicy: 'relay',
          expiresAt: new Date(expiry * 1000).toISOString(),
        });
      }
      // A later setup (a rejoin) gets credentials of its own, expiring later.
      const first = (await iceServers(id, cast.asha.token)).body.iceServers[1].username;
      await t.advance(2_000);
      const second = (await iceServers(id, cast.asha.token)).body.iceServers[1].username;
      expect(second).not.toBe(first);
    } finally {
      await t.close();
    }
  });

  it('nobody else gets credentials: not another account, an admin, a stranger, a chat, or a call not running', async () => {
    const cast = await start(mode === 'demo' ? { TURN_URLS: TURN_URL } : { TURN_URLS: TURN_URL, TURN_SECRET: secret });
    try {
      const video = await request(cast.asha, cast.guru, 'video');
      // Requested, not yet accepted: no call runs.
      expect((await iceServers(video, cast.asha.token)).body.error.code).toBe('SESSION_NOT_ACTIVE');
      await accept(cast.guru, video);
      const refused = async (id: string, token: string | undefined, status: number, code: string) => {
        const answer = await iceServers(id, token);
        expect(answer.status, `${code} for ${id}`).toBe(status);
        expect(answer.body.error.code).toBe(code);
        expect(JSON.stringify(answer.body)).not.toContain('credential');
      };
      await refused(video, cast.meera.token, 403, 'NOT_A_PARTICIPANT');
      await refused(video, cast.admin.token, 403, 'FORBIDDEN');
      await refused(video, undefined, 401, 'UNAUTHENTICATED');
      await refused('no-such-session', cast.asha.token, 404, 'SESSION_NOT_FOUND');
      expect((await t.call('POST', `/api/consultations/${video}/end`, { token: cast.asha.token })).status).toBe(200);
      await refused(video, cast.asha.token, 409, 'SESSION_NOT_ACTIVE');
      await refused(video, cast.guru.token, 409, 'SESSION_NOT_ACTIVE');
      const chat = await request(cast.asha, cast.meera, 'chat');
      await accept(cast.meera, chat);
      await refused(chat, cast.asha.token, 409, 'NOT_A_CALL');
    } finally {
      await t.close();
    }
  });

  it('without a TURN service the static ICE servers are served as they are', async () => {
    const cast = await start({ ICE_SERVERS: 'stun:stun.example.com:3478' });
    try {
      const id = await request(cast.asha, cast.guru, 'voice');
      await accept(cast.guru, id);
      const { body } = await iceServers(id, cast.guru.token);
      expect(body).toEqual({
        iceServers: [{ urls: 'stun:stun.example.com:3478' }],
        iceTransportPolicy: 'all',
        expiresAt: null,
      });
    } finally {
      await t.close();
    }
  });
});
