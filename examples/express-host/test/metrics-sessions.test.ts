import { randomBytes } from 'node:crypto';
import { metricNames } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SESSION_COUNTS_TTL_MS, SESSIONS_BY_STATE } from '../src/metrics/sessions-by-state.js';
import { castOf, MODES, startTestHost, type TestHost } from './helpers.js';
import { parseExposition, type Sample, sumOf } from './prometheus-text.js';

const token = () => randomBytes(32).toString('base64url');

async function scrape(t: TestHost, bearer: string): Promise<Sample[]> {
  const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${bearer}` } });
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

/** The gauge's value for each open state, as one scrape shows it. */
async function sessionsByState(t: TestHost, bearer: string): Promise<Record<string, number>> {
  const samples = await scrape(t, bearer);
  const states = ['offered', 'requested', 'active', 'paused'];
  return Object.fromEntries(states.map((state) => [state, sumOf(samples, SESSIONS_BY_STATE, { state })]));
}

/** How many times the billing store was asked for the counts. */
async function countReads(t: TestHost, bearer: string): Promise<number> {
  const samples = await scrape(t, bearer);
  return sumOf(samples, `${metricNames.storeCall}_count`, { store: 'billing', method: 'countSessionsByState' });
}

const NONE = { offered: 0, requested: 0, active: 0, paused: 0 };

describe.each(MODES)('sessions by state on /metrics, in %s mode', (mode) => {
  let t: TestHost;
  afterEach(async () => {
    await t?.close();
  });

  it('the gauge follows a consultation from request to end, read from the store at most once per window', async () => {
    const secret = token();
    t = await startTestHost(mode, { env: { METRICS_TOKEN: secret } });
    const cast = await castOf(t);
    expect(await sessionsByState(t, secret)).toEqual(NONE);

    const { body: requested } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    // Within the window the scrape answers from the last read: the store is not asked again.
    const readsBefore = await countReads(t, secret);
    expect(await sessionsByState(t, secret)).toEqual(NONE);
    expect(await countReads(t, secret)).toBe(readsBefore);

    await t.advance(SESSION_COUNTS_TTL_MS);
    expect(await sessionsByState(t, secret)).toEqual({ ...NONE, requested: 1 });
    expect(await countReads(t, secret)).toBe(readsBefore + 1);

    const accepted = await t.call('POST', `/api/consultations/${requested.id}/accept`, { token: cast.guru.token });
    expect(accepted.status).toBe(200);
    await t.advance(SESSION_COUNTS_TTL_MS);
    expect(await sessionsByState(t, secret)).toEqual({ ...NONE, active: 1 });

    await t.host.services.billing.pause(requested.id);
    await t.advance(SESSION_COUNTS_TTL_MS);
    expect(await sessionsByState(t, secret)).toEqual({ ...NONE, paused: 1 });

    const ended = await t.call('POST', `/api/consultations/${requested.id}/end`, { token: cast.asha.token });
    expect(ended.status).toBe(200);
    await t.advance(SESSION_COUNTS_TTL_MS);
    expect(await sessionsByState(t, secret)).toEqual(NONE);
  });

  it('a store that fails the read leaves the gauge without samples; the rest of the scrape still answers', async () => {
    const secret = token();
    t = await startTestHost(mode, { env: { METRICS_TOKEN: secret } });
    const store = t.host.services.stores.billing;
    const failing = () => Promise.reject(new Error('store down'));
    Object.defineProperty(store, 'countSessionsByState', { value: failing, configurable: true });
    await scrape(t, secret);
    // The store-call histogram is written out before the gauge reads: the next scrape shows the first failure.
    const samples = await scrape(t, secret);
    expect(samples.filter((sample) => sample.name === SESSIONS_BY_STATE)).toEqual([]);
    expect(sumOf(samples, 'jyotishconnect_billing_sessions_driven')).toBe(0);
    const failures = { store: 'billing', method: 'countSessionsByState', outcome: 'error' };
    expect(sumOf(samples, `${metricNames.storeCall}_count`, failures)).toBe(1);
    // A failed read is not kept: each scrape asks the store again.
    expect(sumOf(await scrape(t, secret), `${metricNames.storeCall}_count`, failures)).toBe(2);
  });
});

describeWithPostgres('sessions by state with two host processes on one PostgreSQL (production mode)', (postgresUrl) => {
  const admin = new pg.Pool({ connectionString: postgresUrl, max: 1 });
  const database = `host_sessions_by_state_${process.pid}_${Date.now()}`;
  const hosts: TestHost[] = [];
  afterAll(async () => {
    for (const host of hosts) await host.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  it('a process that drives no session reports the session another process drives', async () => {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${database}`;
    const secret = token();
    const env = (engineId: string) => ({
      STORE: 'postgres',
      DATABASE_URL: url.toString(),
      METRICS_TOKEN: secret,
      ENGINE_ID: engineId,
    });
    const driving = await startTestHost('production', { env: env('engine:driving') });
    hosts.push(driving);
    const watching = await startTestHost('production', { env: env('engine:watching') });
    hosts.push(watching);
    const cast = await castOf(driving);
    const { body: requested } = await driving.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    await driving.call('POST', `/api/consultations/${requested.id}/accept`, { token: cast.guru.token });

    const samples = await scrape(watching, secret);
    expect(sumOf(samples, SESSIONS_BY_STATE, { state: 'active' })).toBe(1);
    expect(sumOf(samples, 'jyotishconnect_billing_sessions_driven')).toBe(0);
    expect(sumOf(await scrape(driving, secret), 'jyotishconnect_billing_sessions_driven')).toBe(1);
  });
});
