import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { metricNames } from '@jyotishconnect/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, endedChat, MODES, startTestHost, type TestHost } from './helpers.js';
import { connectWs } from './processes.js';
import { has, parseExposition, sumOf } from './prometheus-text.js';

const token = () => randomBytes(32).toString('base64url');

async function scrape(url: string, bearer?: string): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${url}/metrics`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

async function listenMetrics(t: TestHost): Promise<string> {
  const server = t.host.metricsServer;
  if (!server) throw new Error('no metrics listener');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.each(MODES)('Prometheus metrics, in %s mode', (mode) => {
  let t: TestHost;
  afterEach(async () => {
    await t?.close();
  });

  it('after a billed chat, /metrics shows the ticks, their lateness, the wallet commits and the sockets open', async () => {
    const secret = token();
    t = await startTestHost(mode, { env: { METRICS_TOKEN: secret } });
    const cast: Cast = await castOf(t); // four sockets open, one per person
    const asha = await connectWs(t.url, cast.asha.token);
    await asha.request('ping', {});
    const ended = await endedChat(t, cast, cast.guru, 10_000);
    expect(ended.summary.intervals).toBeGreaterThan(0);

    const scraped = await scrape(t.url, secret);
    expect(scraped.status).toBe(200);
    expect(scraped.type).toContain('text/plain');
    const samples = parseExposition(scraped.text);
    const charged = sumOf(samples, metricNames.ticks, { outcome: 'charged' });
    expect(charged).toBe(ended.summary.intervals);
    expect(sumOf(samples, `${metricNames.tickLateness}_count`)).toBe(charged);
    expect(sumOf(samples, `${metricNames.tickLateness}_bucket`, { le: '+Inf' })).toBe(charged);
    expect(sumOf(samples, `${metricNames.tickLateness}_bucket`, { le: '0.01' })).toBe(charged); // a manual clock is never late
    expect(sumOf(samples, metricNames.walletCommits, { kind: 'split' })).toBe(charged);
    expect(sumOf(samples, metricNames.walletCommits, { kind: 'topup' })).toBeGreaterThan(0);
    expect(sumOf(samples, metricNames.sessionTransitions, { from: 'requested', to: 'active' })).toBe(1);
    expect(sumOf(samples, metricNames.sessionTransitions, { from: 'active', to: 'ended' })).toBe(1);
    expect(sumOf(samples, metricNames.socketsOpen)).toBe(5);
    expect(sumOf(samples, metricNames.framesIn, { type: 'ping' })).toBe(1);
    expect(sumOf(samples, metricNames.framesOut, { type: 'ack' })).toBeGreaterThan(0);
    expect(sumOf(samples, metricNames.framesOut, { type: 'event' })).toBeGreaterThan(0);
    for (const store of ['wallet', 'billing', 'chat']) {
      expect(sumOf(samples, `${metricNames.storeCall}_count`, { store, outcome: 'ok' }), store).toBeGreaterThan(0);
    }
    expect(sumOf(samples, `${metricNames.storeCall}_count`, { store: 'wallet', method: 'commit' })).toBeGreaterThan(0);
    expect(has(samples, 'jyotishconnect_billing_sessions_driven')).toBe(true);
    expect(has(samples, 'jyotishconnect_process_cpu_user_seconds_total')).toBe(true);

    asha.close();
    await asha.closed;
    // The server learns of the close on its own turn: scrape until it has.
    const socketsNow = async () => sumOf(parseExposition((await scrape(t.url, secret)).text), metricNames.socketsOpen);
    await expect.poll(socketsNow, { timeout: 10_000 }).toBe(4);
  });

  it('answers 401 without the token, with a wrong one, and with one a character short', async () => {
    const secret = token();
    t = await startTestHost(mode, { env: { METRICS_TOKEN: secret } });
    for (const bearer of [undefined, token(), secret.slice(0, -1), `${secret}x`]) {
      const refused = await scrape(t.url, bearer);
      expect(refused.status).toBe(401);
      expect(refused.text).not.toContain('jyotishconnect_');
      expect(JSON.parse(refused.text).error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a separate METRICS_PORT serves /metrics to the token, and nothing else of the host', async () => {
    const secret = token();
    t = await startTestHost(mode, { env: { METRICS_PORT: '0', METRICS_TOKEN: secret } });
    const url = await listenMetrics(t);
    expect((await scrape(url, secret)).status).toBe(200);
    expect((await scrape(url)).status).toBe(401);
    for (const path of ['/', '/healthz', '/api/wallet', '/api/auth/login', '/openapi.json', '/metrics/']) {
      const response = await fetch(url + path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('jyotishconnect_');
    }
    expect(
      (await fetch(`${url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } })).status,
    ).toBe(404);
  });

  it('a METRICS_PORT without a token serves only loopback, and the main port then serves no metrics', async () => {
    t = await startTestHost(mode, { env: { METRICS_PORT: '0' } });
    expect((await scrape(await listenMetrics(t))).status).toBe(200);
    const main = await scrape(t.url);
    expect(main.text).not.toContain('jyotishconnect_');
  });
});

describe('metrics switched off and misconfigured', () => {
  let t: TestHost;
  afterEach(async () => {
    await t?.close();
  });

  it('production without METRICS_PORT or METRICS_TOKEN measures nothing and serves no /metrics', async () => {
    t = await startTestHost('production');
    expect(t.config.metrics).toBeNull();
    expect(t.host.services.metrics).toBeNull();
    expect(t.host.metricsServer).toBeNull();
    const scraped = await scrape(t.url);
    expect(scraped.status).not.toBe(200);
    expect(scraped.text).not.toContain('jyotishconnect_');
  });

  it('demo mode on loopback serves /metrics on the main port without a token', async () => {
    t = await startTestHost('demo');
    const scraped = await scrape(t.url);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain(metricNames.socketsOpen);
  });

  it('the Grafana dashboard queries only metrics the host serves', async () => {
    t = await startTestHost('demo');
    const served = new Set(parseExposition((await scrape(t.url)).text).map((sample) => sample.name));
    // Declared metrics with no sample yet (a histogram never observed) still print their HELP line.
    const declared = (await scrape(t.url)).text.match(/^# HELP (\S+)/gm)?.map((line) => line.slice(7)) ?? [];
    for (const name of declared) served.add(name);
    const dashboard = JSON.parse(
      readFileSync(new URL('../../../docs/grafana/jyotishconnect.json', import.meta.url), 'utf8'),
    );
    const queried = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        for (const [name] of target.expr.matchAll(/jyotishconnect_[a-z0-9_]+/g)) queried.add(name);
      }
    }
    expect(queried.size).toBeGreaterThan(8);
    for (const name of queried)
      expect(served.has(name.replace(/_(bucket|count|sum)$/, '')) || served.has(name), name).toBe(true);
  });

  it.each(MODES)(
    '%s mode refuses a token shorter than 32 characters, a token-less listener on the network, and the main port twice',
    async (mode) => {
      await expect(startTestHost(mode, { env: { METRICS_TOKEN: 'x'.repeat(31) } })).rejects.toMatchObject({
        name: 'ConfigError',
        variable: 'METRICS_TOKEN',
      });
      await expect(
        startTestHost(mode, { env: { METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' } }),
      ).rejects.toMatchObject({
        name: 'ConfigError',
        variable: 'METRICS_HOST',
      });
      await expect(startTestHost(mode, { env: { PORT: '9464', METRICS_PORT: '9464' } })).rejects.toMatchObject({
        name: 'ConfigError',
        variable: 'METRICS_PORT',
      });
    },
  );
});
