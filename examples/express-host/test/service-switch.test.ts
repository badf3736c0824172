import { afterEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';

// Guru's rates (the demo's, and the profile he signs up with in production): chat 1,000, video 2,500 paise a minute.
const CHAT = 1_000;
const VIDEO = 2_500;
const due = (rate: number, seconds: number) => Math.floor((rate * seconds) / 60);

describe.each(MODES)('in %s mode, a chat switches to a call over REST', (mode) => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
  });

  async function chatting(): Promise<{ t: TestHost; cast: Cast; id: string }> {
    const t = await startTestHost(mode);
    hosts.push(t);
    const cast = await castOf(t);
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(requested.status).toBe(201);
    const accepted = await t.call('POST', `/api/consultations/${requested.body.id}/accept`, { token: cast.guru.token });
    expect(accepted.body.status).toBe('active');
    return { t, cast, id: requested.body.id as string };
  }

  it('the consultant offers video, the user accepts, and each side of the switch is billed at its own rate', async () => {
    const { t, cast, id } = await chatting();
    const before = (await t.call('GET', '/api/wallet', { token: cast.asha.token })).body;
    await t.advance(40_000);
    const offered = await t.call('POST', `/api/consultations/${id}/offer-service`, {
      token: cast.guru.token,
      body: { service: 'video' },
    });
    expect(offered).toMatchObject({ status: 200, body: { service: 'chat', offeredService: 'video' } });
    const switched = await t.call('POST', `/api/consultations/${id}/accept-service`, {
      token: cast.asha.token,
      body: { service: 'video' },
    });
    expect(switched).toMatchObject({
      status: 200,
      body: { service: 'video', ratePerMinute: VIDEO, offeredService: null },
    });
    // Accepting twice (a double click) charges nothing more.
    const again = await t.call('POST', `/api/consultations/${id}/accept-service`, {
      token: cast.asha.token,
      body: { service: 'video' },
    });
    expect(again.body.summary).toEqual(switched.body.summary);
    await t.advance(30_000);
    const ended = await t.call('POST', `/api/consultations/${id}/end`, { token: cast.asha.token });
    const total = due(CHAT, 40) + due(VIDEO, 30);
    expect(ended.body.summary).toMatchObject({ secondsBilled: 70, totalCharged: total });
    const after = (await t.call('GET', '/api/wallet', { token: cast.asha.token })).body;
    expect(before.balance - after.balance).toBe(total);
  });

  it('only the session consultant offers, only its user accepts, and only the service offered', async () => {
    const { t, cast, id } = await chatting();
    const offer = (token: string, service = 'video') =>
      t.call('POST', `/api/consultations/${id}/offer-service`, { token, body: { service } });
    const accept = (token: string, service = 'video') =>
      t.call('POST', `/api/consultations/${id}/accept-service`, { token, body: { service } });
    expect((await offer(cast.asha.token)).status).toBe(403);
    expect((await offer(cast.meera.token)).body.error.code).toBe('NOT_A_PARTICIPANT');
    expect((await offer(cast.admin.token)).status).toBe(403);
    expect((await accept(cast.asha.token)).body.error.code).toBe('INVALID_TRANSITION');
    expect((await offer(cast.guru.token, 'telepathy')).status).toBe(400);
    expect((await offer(cast.guru.token)).status).toBe(200);
    expect((await accept(cast.guru.token)).status).toBe(403);
    expect((await accept(cast.asha.token, 'voice')).body.error.code).toBe('INVALID_TRANSITION');
    expect(
      (await t.call('POST', `/api/consultations/${id}/accept-service`, { body: { service: 'video' } })).status,
    ).toBe(401);
    const session = (await t.call('GET', `/api/consultations/${id}`, { token: cast.asha.token })).body.session;
    expect(session).toMatchObject({ service: 'chat', offeredService: 'video', ratePerMinute: CHAT });
  });

  it('the user declines: nothing is charged for it, the offer is gone, and only the user may decline', async () => {
    const { t, cast, id } = await chatting();
    const decline = (token?: string, service = 'video') =>
      t.call('POST', `/api/consultations/${id}/decline-service`, { ...(token ? { token } : {}), body: { service } });
    await t.call('POST', `/api/consultations/${id}/offer-service`, {
      token: cast.guru.token,
      body: { service: 'video' },
    });
    expect((await decline()).status).toBe(401);
    expect((await decline(cast.guru.token)).status).toBe(403);
    expect((await decline(cast.admin.token)).status).toBe(403);
    expect((await decline(cast.asha.token, 'telepathy')).status).toBe(400);
    const declined = await decline(cast.asha.token);
    expect(declined).toMatchObject({
      status: 200,
      body: { service: 'chat', offeredService: null, ratePerMinute: CHAT },
    });
    expect((await decline(cast.asha.token)).status).toBe(200); // a repeated decline changes nothing
    const accept = await t.call('POST', `/api/consultations/${id}/accept-service`, {
      token: cast.asha.token,
      body: { service: 'video' },
    });
    expect(accept.body.error.code).toBe('INVALID_TRANSITION');
    await t.advance(30_000);
    const ended = await t.call('POST', `/api/consultations/${id}/end`, { token: cast.asha.token });
    expect(ended.body.summary).toMatchObject({ secondsBilled: 30, totalCharged: due(CHAT, 30) });
  });
});
