import type { AddressInfo } from 'node:net';
import { ManualClock } from '@jyotishconnect/core';
import { pino } from 'pino';
import { createApp, type HostApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { signPayload } from '../src/payments.js';

/** A parsed JSON response body; tests read it loosely. */
// biome-ignore lint/suspicious/noExplicitAny: assertions check the shape, as a client would read it.
export type Json = any;

/** A host listening on 127.0.0.1, port 0, with memory stores and a manual clock. */
export interface TestHost {
  readonly host: HostApp;
  readonly clock: ManualClock;
  readonly url: string;
  /** Calls the API; resolves with the status and the parsed JSON body. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string },
  ): Promise<{ status: number; body: Json }>;
  /** Logs in and returns the token. */
  login(email: string, password?: string): Promise<string>;
  /** Posts the payment provider's "paid" webhook for an order, signed with the host's secret unless `secret` is given. */
  payWebhook(orderId: string, eventId: string, secret?: string): Promise<{ status: number; body: Json }>;
  /** Advances manual time and waits for the ticks it made due. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a memory-backed host with `TICK_SECONDS=1`, demo data seeded. */
export async function startTestHost(env: Record<string, string> = {}): Promise<TestHost> {
  const clock = new ManualClock();
  const config = loadConfig({
    DEMO: 'true',
    STORE: 'memory',
    PORT: '0',
    HOST: '127.0.0.1',
    TICK_SECONDS: '1',
    COMMISSION_BPS: '2000',
    TAKEOVER_SCAN_MS: '0',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    RATE_LIMIT_TOPUP_PER_MINUTE: '1000',
    ...env,
  });
  const host = await createApp(config, { clock, logger: pino({ level: 'silent' }) });
  await new Promise<void>((resolve) => host.http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(host.http.address() as AddressInfo).port}`;
  const call: TestHost['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    } else if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    host,
    clock,
    url,
    call,
    login: async (email, password = 'demo1234') => {
      const { status, body } = await call('POST', '/api/auth/login', { body: { email, password } });
      if (status !== 200) throw new Error(`login ${email}: ${status} ${JSON.stringify(body)}`);
      return body.token as string;
    },
    payWebhook: (orderId, eventId, secret = config.webhookSecret) => {
      const raw = JSON.stringify({ orderId, status: 'paid', eventId });
      return call('POST', '/api/payments/webhook', { raw, headers: { 'x-signature': signPayload(secret, raw) } });
    },
    advance: async (ms) => {
      await clock.advance(ms);
      await host.services.billing.idle();
    },
    close: () => host.close(),
  };
}
