import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ProxySettings } from '../src/proxy-config.js';
import { socketOrigins } from '../src/socket-origins.js';
import { castOf, MODES, startTestHost, type TestHost } from './helpers.js';

const APP = 'https://app.example.com';

/** Opens `/ws` as the holder of `token` from a page of `origin` (none: not a browser); `open`, or the HTTP status refusing it. */
async function upgradeFrom(t: TestHost, token: string, origin?: string): Promise<'open' | number> {
  const socket = new WebSocket(`${t.url.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, {
    headers: origin === undefined ? {} : { origin },
  });
  // Ending a refused upgrade reports an error: the refusal's status is the answer here.
  socket.on('error', () => {});
  return await new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      resolve(response.statusCode ?? 0);
    });
  });
}

describe.each(MODES)('which pages may open /ws, in %s mode', (mode) => {
  let t: TestHost;
  afterEach(async () => {
    await t?.close();
  });

  it("the host's own pages and CORS_ORIGINS connect; another site's page is refused with 403", async () => {
    t = await startTestHost(mode, { env: { CORS_ORIGINS: APP } });
    const { asha } = await castOf(t, { connected: false });
    expect(await upgradeFrom(t, asha.token, t.url)).toBe('open'); // the web demo this host serves
    expect(await upgradeFrom(t, asha.token, t.url.replace('http:', 'https:'))).toBe('open'); // behind a TLS proxy
    expect(await upgradeFrom(t, asha.token, APP)).toBe('open');
    expect(await upgradeFrom(t, asha.token)).toBe('open'); // a native app sends no Origin
    for (const other of ['https://evil.example', `${APP}.evil.example`, 'null', 'http://localhost:1']) {
      expect(await upgradeFrom(t, asha.token, other), other).toBe(403);
    }
    // Refused before authentication: a stranger learns nothing about the token either.
    expect(await upgradeFrom(t, 'not-a-token', 'https://evil.example')).toBe(403);
    expect(await upgradeFrom(t, 'not-a-token', t.url)).toBe(401);
  });

  it('PUBLIC_URL names the own site when a proxy hands the host another Host', async () => {
    t = await startTestHost(mode, { env: { PUBLIC_URL: 'https://consult.example.com/app/' } });
    const { asha } = await castOf(t, { connected: false });
    expect(await upgradeFrom(t, asha.token, 'https://consult.example.com')).toBe('open');
    expect(await upgradeFrom(t, asha.token, 'http://consult.example.com')).toBe(403);
    expect(await upgradeFrom(t, asha.token, APP)).toBe(403); // not listed in CORS_ORIGINS
  });
});

describe('CORS_ORIGINS=* in demo mode', () => {
  let t: TestHost;
  afterEach(async () => {
    await t?.close();
  });

  it("any site's page connects, as any may call the REST API", async () => {
    t = await startTestHost('demo', { env: { CORS_ORIGINS: '*' } });
    const { asha } = await castOf(t, { connected: false });
    expect(await upgradeFrom(t, asha.token, 'https://evil.example')).toBe('open');
  });
});

describe('the origin rule of /ws', () => {
  const settings = (corsOrigins: ProxySettings['corsOrigins'], publicOrigin: string | null = null): ProxySettings => ({
    trustProxy: false,
    corsOrigins,
    publicOrigin,
  });

  it('matches the own site by host and port, in any letter case, on either scheme, IPv6 included', () => {
    const check = socketOrigins(settings([]));
    if (!check) throw new Error('a check is expected without CORS_ORIGINS=*');
    expect(check('https://consult.example.com', 'consult.example.com')).toBe(true);
    expect(check('http://consult.example.com', 'Consult.Example.COM')).toBe(true);
    expect(check('http://[::1]:3000', '[::1]:3000')).toBe(true);
    expect(check('http://127.0.0.1:3000', '127.0.0.1:3001')).toBe(false);
    expect(check('https://consult.example.com.evil.example', 'consult.example.com')).toBe(false);
    expect(check('https://consult.example.com', undefined)).toBe(false);
    expect(check('file://', 'consult.example.com')).toBe(false);
    expect(check('null', 'null')).toBe(false);
  });

  it('a listed origin and PUBLIC_URL match exactly, whatever the Host; * checks nothing', () => {
    const check = socketOrigins(settings(['https://app.example.com'], 'https://consult.example.com'));
    if (!check) throw new Error('a check is expected without CORS_ORIGINS=*');
    expect(check('https://app.example.com', 'internal:3000')).toBe(true);
    expect(check('https://consult.example.com', 'internal:3000')).toBe(true);
    expect(check('http://app.example.com', 'internal:3000')).toBe(false);
    expect(check('https://app.example.com:8443', 'internal:3000')).toBe(false);
    expect(socketOrigins(settings('*'))).toBeUndefined();
  });
});
