import { afterEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

// The wallet says what a consultation needs available to start, so a page can say so before the
// request is refused; the engine refuses on the same figure.
describe.each(MODES)('the minimum a wallet needs to start a consultation, in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  afterEach(async () => {
    await t?.close();
  });

  it('is the configured seconds, and a wallet below its cost at a rate is refused INSUFFICIENT_FUNDS', async () => {
    t = await startTestHost(mode, { env: { MIN_START_BALANCE_SECONDS: '30' } });
    cast = await castOf(t);
    const wallet = await t.call('GET', '/api/wallet', { token: cast.asha.token });
    expect(wallet.body).toMatchObject({ minimumStartSeconds: 30, balance: 50_000 });
    expect((await t.call('GET', '/api/wallet', { token: cast.guru.token })).body.minimumStartSeconds).toBe(30);
    expect((await t.call('GET', '/api/wallet')).status).toBe(401);

    const registered = await t.call('POST', '/api/auth/register', {
      body: { name: 'Kiran', email: 'kiran@example.com', password: 'secret123', role: 'user' },
    });
    const empty = await t.call('POST', '/api/consultations', {
      token: registered.body.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(empty.status).toBe(402);
    expect(empty.body.error.code).toBe('INSUFFICIENT_FUNDS');
    const started = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(started.status).toBeLessThan(300);
  });
});
