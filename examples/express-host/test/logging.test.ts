import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';
import { connectWs } from './processes.js';

describe.each(MODES)('the request log in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  let log: string[];
  beforeEach(async () => {
    log = [];
    t = await startTestHost(mode, { logger: pino({ level: 'info' }, { write: (line: string) => log.push(line) }) });
    cast = await castOf(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('holds the requests but no token, cookie, webhook signature or provider key', async () => {
    const token = cast.admin.token;
    expect((await t.call('GET', '/api/admin/audit', { token })).status).toBe(200);
    await t.call('GET', `/api/wallet?token=${cast.asha.token}&limit=1`, { headers: { cookie: `session=${token}` } });
    const order = await t.order(cast.asha.token, 1_000);
    const { webhook: paid } = await t.provider.pay(order.checkout.providerOrderId);
    const [signature = ''] = Object.values(paid.headers);
    expect(signature.length).toBeGreaterThan(20);
    // The provider's own header, and every other provider's, each carrying the signature.
    const headers = {
      ...paid.headers,
      'x-signature': signature,
      'x-razorpay-signature': signature,
      'stripe-signature': signature,
      'x-simulated-signature': signature,
    };
    const webhook = await t.postWebhook({ body: paid.body, headers });
    expect(webhook.status).toBe(200);
    (await connectWs(t.url, cast.guru.token)).close();
    await t.close(); // every response finished, so every request line is written

    const text = log.join('');
    for (const person of Object.values(cast)) expect(text).not.toContain(person.token);
    expect(text).not.toContain(signature);
    // Production's provider keys (Stripe's secret key and webhook secret) never reach a log line either.
    for (const [name, value] of Object.entries(t.provider.env)) {
      if (/SECRET/.test(name)) expect(text, name).not.toContain(value);
    }
    // The lines are there, with the credentials replaced: the assertions above read a real log.
    expect(text).toContain('"url":"/api/admin/audit"');
    expect(text).toContain('"authorization":"[redacted]"');
    expect(text).toContain('"cookie":"[redacted]"');
    expect(text).toContain('"url":"/api/wallet?token=[redacted]&limit=1"');
    expect(text).toContain('"url":"/api/payments/webhook"');
    for (const header of ['x-signature', 'x-razorpay-signature', 'stripe-signature', 'x-simulated-signature']) {
      expect(text).toContain(`"${header}":"[redacted]"`);
    }
  });
});
