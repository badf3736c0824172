import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AllowedOrigins } from '../src/server/origin.js';
import { type Harness, startHarness, TRANSPORTS, type Transport } from './harness.js';

/** Opens one connection as `user:asha` from a page of `origin` (none: not a browser); `open`, or the HTTP status refusing it. */
async function connectFrom(harness: Harness, origin?: string): Promise<'open' | number> {
  const headers: Record<string, string> = origin === undefined ? {} : { origin };
  if (harness.transport === 'ws') {
    const socket = new WebSocket(`${harness.url}?token=user:asha`, { headers });
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
  const socket = io(harness.url, {
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
    auth: { token: 'user:asha' },
    extraHeaders: headers,
  });
  return await new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('open');
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve((error as { data?: { status?: number } }).data?.status ?? 0);
    });
  });
}

describe.each(TRANSPORTS)('origins over %s', (transport: Transport) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  const start = async (allowedOrigins: AllowedOrigins) => {
    harness = await startHarness({ transport, allowedOrigins });
    return harness;
  };

  it('a listed origin connects; another is refused with 403 before authentication; no Origin (not a browser) connects', async () => {
    const h = await start(['https://app.example.com']);
    expect(await connectFrom(h, 'https://app.example.com')).toBe('open');
    expect(await connectFrom(h, 'https://evil.example')).toBe(403);
    expect(await connectFrom(h, 'null')).toBe(403);
    expect(await connectFrom(h)).toBe('open');
  });

  it('a check is given the origin and the Host the browser used, and decides alone', async () => {
    const asked: Array<[string, string | undefined]> = [];
    const h = await start((origin, host) => {
      asked.push([origin, host]);
      return origin === `http://${host}`;
    });
    const own = new URL(h.url).host;
    expect(await connectFrom(h, `http://${own}`)).toBe('open');
    expect(await connectFrom(h, 'http://evil.example')).toBe(403);
    expect(asked).toEqual([
      [`http://${own}`, own],
      ['http://evil.example', own],
    ]);
    expect(await connectFrom(h)).toBe('open');
    expect(asked).toHaveLength(2);
  });
});
