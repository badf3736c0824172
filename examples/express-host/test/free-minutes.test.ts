import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { afterEach, describe, expect, it } from 'vitest';
import { castOf, MODES, startTestHost, type TestHost } from './helpers.js';

const due = (ratePerMinute: number, seconds: number) => Math.floor((ratePerMinute * seconds) / 60);

describe.each(MODES)('in %s mode, free first minutes', (mode) => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
  });

  async function start(env: Record<string, string> = {}) {
    const t = await startTestHost(mode, {
      env: { FIRST_CONSULTATION_FREE_SECONDS: '60', MAX_PROMOTION_FREE_SECONDS: '120', ...env },
    });
    hosts.push(t);
    return { t, cast: await castOf(t) };
  }

  const balanceOf = async (t: TestHost, id: string) => (await t.host.services.wallet.getAccount(id))?.balance ?? 0;

  it('the platform pays the free seconds first, then the user pays the rest, exactly, and the invoice shows both', async () => {
    const { t, cast } = await start();
    const free = await t.call('GET', '/api/me/free-seconds', { token: cast.asha.token });
    expect(free.body).toEqual({ [cast.guru.id]: 60, [cast.meera.id]: 60, [cast.ravi.id]: 60 });
    const promotionsBefore = await balanceOf(t, SYSTEM_ACCOUNTS.promotions);
    const ashaBefore = await balanceOf(t, cast.asha.id);

    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(requested.body).toMatchObject({ freeSeconds: 60 });
    await t.call('POST', `/api/consultations/${requested.body.id}/accept`, { token: cast.guru.token });
    await t.advance(95_000);
    const ended = await t.call('POST', `/api/consultations/${requested.body.id}/end`, { token: cast.asha.token });
    const rate = requested.body.ratePerMinute as number;
    expect(ended.body.summary).toMatchObject({
      secondsBilled: 95,
      freeSeconds: 60,
      promoCharged: due(rate, 60),
      userCharged: due(rate, 95) - due(rate, 60),
      totalCharged: due(rate, 95),
    });
    expect(await balanceOf(t, cast.asha.id)).toBe(ashaBefore - (due(rate, 95) - due(rate, 60)));
    expect(await balanceOf(t, SYSTEM_ACCOUNTS.promotions)).toBe(promotionsBefore - due(rate, 60));
    const { body } = await t.call('GET', `/api/consultations/${requested.body.id}`, { token: cast.asha.token });
    expect(body.invoice).toMatchObject({
      freeSeconds: 60,
      promoCharged: due(rate, 60),
      charged: due(rate, 95) - due(rate, 60),
    });
    expect((await t.call('GET', '/api/me/free-seconds', { token: cast.asha.token })).body).toEqual({});
    expect(await t.host.services.wallet.verify()).toMatchObject({ ok: true });
  });

  it("a consultant's promotion for new clients, within the platform's bound, beats the first-consultation seconds", async () => {
    const { t, cast } = await start();
    const set = (token: string, freeSeconds: number, path = '/api/consultants/me/promotion') =>
      t.call('PUT', path, { token, body: { freeSeconds } });
    expect(await set(cast.guru.token, 121)).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(await set(cast.guru.token, -1)).toMatchObject({ status: 400 });
    expect(await set(cast.asha.token, 90)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await t.call('PUT', '/api/consultants/me/promotion', { body: { freeSeconds: 90 } })).status).toBe(401);
    expect(await set(cast.guru.token, 120)).toMatchObject({
      status: 200,
      body: { consultantId: cast.guru.id, freeSeconds: 120, maxFreeSeconds: 120 },
    });
    expect((await t.call('GET', '/api/consultants/me/promotion', { token: cast.guru.token })).body).toMatchObject({
      freeSeconds: 120,
    });
    const adminPath = (id: string) => `/api/admin/consultants/${encodeURIComponent(id)}/promotion`;
    expect(await set(cast.guru.token, 90, adminPath(cast.meera.id))).toMatchObject({ status: 403 });
    expect(await set(cast.admin.token, 90, adminPath('consultant:nobody'))).toMatchObject({
      status: 404,
      body: { error: { code: 'CONSULTANT_NOT_FOUND' } },
    });
    expect(await set(cast.admin.token, 90, adminPath(cast.meera.id))).toMatchObject({
      status: 200,
      body: { freeSeconds: 90 },
    });
    expect((await t.call('GET', '/api/me/free-seconds', { token: cast.asha.token })).body).toEqual({
      [cast.guru.id]: 120,
      [cast.meera.id]: 90,
      [cast.ravi.id]: 60,
    });

    // The promotion is used with Guru; Meera's still stands for Asha, a new client of hers.
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(requested.body.freeSeconds).toBe(120);
    await t.call('POST', `/api/consultations/${requested.body.id}/accept`, { token: cast.guru.token });
    await t.advance(10_000);
    await t.call('POST', `/api/consultations/${requested.body.id}/end`, { token: cast.asha.token });
    expect((await t.call('GET', '/api/me/free-seconds', { token: cast.asha.token })).body).toEqual({
      [cast.meera.id]: 90,
    });
    expect(await set(cast.guru.token, 0)).toMatchObject({ status: 200, body: { freeSeconds: 0 } });
  });

  it('without free minutes configured, nobody gets any and consultants cannot offer them', async () => {
    const { t, cast } = await start({ FIRST_CONSULTATION_FREE_SECONDS: '0', MAX_PROMOTION_FREE_SECONDS: '0' });
    expect((await t.call('GET', '/api/me/free-seconds', { token: cast.asha.token })).body).toEqual({});
    const refused = await t.call('PUT', '/api/consultants/me/promotion', {
      token: cast.guru.token,
      body: { freeSeconds: 30 },
    });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });
});
