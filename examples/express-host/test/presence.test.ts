import { beforeEach, describe, expect, it } from 'vitest';
import { approveAs, type Cast, castOf, MODES, startTestHost, type TestHost } from './helpers.js';
import { connectWs } from './processes.js';

describe.each(MODES)('in %s mode, a consultant is online only while available and connected', (mode) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t, { connected: false });
    return () => t.close();
  });

  const statusOf = async (consultantId: string) =>
    (await t.call('GET', `/api/consultants/${consultantId}`)).body.status as string;

  it('an available consultant who never connected is offline, and a request to them is refused at once', async () => {
    const guru = cast.guru.id;
    expect(await statusOf(guru)).toBe('offline');
    expect((await t.call('GET', `/api/consultants/${guru}`)).body.available).toBe(true);
    const user = cast.asha.token;
    const refused = await t.call('POST', '/api/consultations', {
      token: user,
      body: { consultantId: guru, service: 'chat' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONSULTANT_OFFLINE');
    expect((await t.call('GET', '/api/consultations', { token: user })).body).toEqual([]);
    // The same refusal over the WebSocket.
    const socket = await connectWs(t.url, user);
    await expect(socket.request('consultation.request', { consultantId: guru, serviceType: 'chat' })).rejects.toThrow(
      /^CONSULTANT_OFFLINE/,
    );
    socket.close();
  });

  it('a registered consultant is online while a socket is open and switched on, offline once it closes', async () => {
    const registered = await t.call('POST', '/api/auth/register', {
      body: { name: 'Tara', email: 'tara@example.com', password: 'secret123', role: 'consultant' },
    });
    const { token, user } = registered.body;
    await approveAs(t, cast.admin)(user.id); // a new consultant is listed once approved
    await t.call('PUT', '/api/consultants/me/availability', { token, body: { online: true } });
    expect(await statusOf(user.id)).toBe('offline');

    const socket = await connectWs(t.url, token);
    await expect.poll(() => statusOf(user.id)).toBe('online');
    await t.call('PUT', '/api/consultants/me/availability', { token, body: { online: false } });
    expect(await statusOf(user.id)).toBe('offline');
    await t.call('PUT', '/api/consultants/me/availability', { token, body: { online: true } });
    expect(await statusOf(user.id)).toBe('online');
    const asha = cast.asha.token;
    const requested = await t.call('POST', '/api/consultations', {
      token: asha,
      body: { consultantId: user.id, service: 'chat' },
    });
    expect(requested.status).toBe(201);
    await t.call('POST', `/api/consultations/${requested.body.id}/cancel`, { token: asha });

    socket.close();
    await expect.poll(() => statusOf(user.id)).toBe('offline');
    const refused = await t.call('POST', '/api/consultations', {
      token: asha,
      body: { consultantId: user.id, service: 'chat' },
    });
    expect(refused.body.error.code).toBe('CONSULTANT_OFFLINE');
  });
});
