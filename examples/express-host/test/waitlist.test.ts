import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, MODES, type Person, startTestHost, type TestHost } from './helpers.js';

describe.each(MODES)('in %s mode, the waitlist over REST', (mode) => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
  });

  async function start(): Promise<{ t: TestHost; cast: Cast; kiran: Person; dev: Person }> {
    const t = await startTestHost(mode, { env: { WAITLIST_OFFER_SECONDS: '30', AVERAGE_CONSULTATION_SECONDS: '600' } });
    hosts.push(t);
    const cast = await castOf(t);
    return { t, cast, kiran: await newUser(t, 'kiran'), dev: await newUser(t, 'dev') };
  }

  /** A user who signs up and pays Rs 500 in. */
  async function newUser(t: TestHost, name: string): Promise<Person> {
    const password = randomBytes(12).toString('base64url');
    const email = `${name}@example.com`;
    const { status, body } = await t.call('POST', '/api/auth/register', {
      body: { name: `${name[0]?.toUpperCase()}${name.slice(1)} Test`, email, password, role: 'user' },
    });
    expect(status).toBe(201);
    await t.topUp(body.token, 50_000);
    return { id: body.user.id, email, password, token: body.token };
  }

  /** Asha in a chat with Guru, who is busy from then on; returns its id. */
  async function busyGuru(t: TestHost, cast: Cast): Promise<string> {
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(requested.status).toBe(201);
    const accepted = await t.call('POST', `/api/consultations/${requested.body.id}/accept`, { token: cast.guru.token });
    expect(accepted.status).toBe(200);
    return requested.body.id;
  }

  const join = (t: TestHost, who: Person, consultantId: string, service = 'chat') =>
    t.call('POST', `/api/consultants/${encodeURIComponent(consultantId)}/waitlist`, {
      token: who.token,
      body: { service },
    });
  const mine = async (t: TestHost, who: Person) => (await t.call('GET', '/api/me/waitlist', { token: who.token })).body;
  const offerAction = (t: TestHost, who: Person, id: string, action: 'accept' | 'pass') =>
    t.call('POST', `/api/waitlist/offers/${encodeURIComponent(id)}/${action}`, { token: who.token });

  it('a user waits for a busy consultant, is offered the freed slot with a countdown, takes it, and is accepted', async () => {
    const { t, cast, kiran, dev } = await start();
    const asha = await busyGuru(t, cast);
    await t.advance(120_000);
    const joined = await join(t, kiran, cast.guru.id);
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({
      waiting: {
        consultantId: cast.guru.id,
        service: 'chat',
        joinedAt: t.clock.now(),
        position: 1,
        length: 1,
        estimatedWaitSeconds: 480,
      },
      offer: null,
    });
    expect((await join(t, dev, cast.guru.id)).body.waiting).toMatchObject({ position: 2, estimatedWaitSeconds: 1_080 });

    await t.call('POST', `/api/consultations/${asha}/end`, { token: cast.asha.token });
    await t.idle();
    const offered = await mine(t, kiran);
    expect(offered).toMatchObject({
      waiting: null,
      offer: { status: 'offered', source: 'waitlist', consultantId: cast.guru.id, userId: kiran.id },
    });
    expect(offered.offer.requestExpiresAt).toBe(t.clock.now() + 30_000);
    expect(await mine(t, dev)).toMatchObject({ waiting: { position: 1, length: 1 }, offer: null });
    // The consultant cannot accept before the user took the slot.
    const early = await t.call('POST', `/api/consultations/${offered.offer.id}/accept`, { token: cast.guru.token });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'INVALID_TRANSITION' } } });

    const taken = await offerAction(t, kiran, offered.offer.id, 'accept');
    expect(taken).toMatchObject({ status: 200, body: { status: 'requested', id: offered.offer.id } });
    const accepted = await t.call('POST', `/api/consultations/${offered.offer.id}/accept`, { token: cast.guru.token });
    expect(accepted).toMatchObject({ status: 200, body: { status: 'active', userId: kiran.id } });
    const listed = await t.call('GET', '/api/consultations', { token: cast.guru.token });
    expect(listed.body.map((s: { id: string }) => s.id)).toContain(offered.offer.id);
  });

  it('nobody but the waiting user takes or passes on their offer, and nobody else reads it', async () => {
    const { t, cast, kiran, dev } = await start();
    const asha = await busyGuru(t, cast);
    await join(t, kiran, cast.guru.id);
    await t.call('POST', `/api/consultations/${asha}/end`, { token: cast.asha.token });
    await t.idle();
    const { offer } = await mine(t, kiran);
    for (const action of ['accept', 'pass'] as const) {
      expect(await offerAction(t, dev, offer.id, action)).toMatchObject({
        status: 403,
        body: { error: { code: 'NOT_A_PARTICIPANT' } },
      });
      expect(await offerAction(t, cast.guru, offer.id, action)).toMatchObject({
        status: 403,
        body: { error: { code: 'FORBIDDEN' } },
      });
      expect(await offerAction(t, cast.admin, offer.id, action)).toMatchObject({ status: 403 });
      expect(await offerAction(t, kiran, 'waitlist:missing', action)).toMatchObject({
        status: 404,
        body: { error: { code: 'SESSION_NOT_FOUND' } },
      });
    }
    expect(await mine(t, dev)).toEqual({ waiting: null, offer: null });
    expect((await t.call('GET', '/api/me/waitlist', { token: cast.guru.token })).status).toBe(403);
    expect((await t.call('GET', '/api/me/waitlist')).status).toBe(401);
    expect((await mine(t, kiran)).offer.status).toBe('offered');
  });

  it('passing hands the slot to the next in line, whose untaken offer expires on the clock', async () => {
    const { t, cast, kiran, dev } = await start();
    const asha = await busyGuru(t, cast);
    await join(t, kiran, cast.guru.id);
    await join(t, dev, cast.guru.id);
    await t.call('POST', `/api/consultations/${asha}/end`, { token: cast.asha.token });
    await t.idle();
    const kiranOffer = (await mine(t, kiran)).offer;
    expect(await offerAction(t, kiran, kiranOffer.id, 'pass')).toMatchObject({
      status: 200,
      body: { status: 'ended', endReason: 'cancelled' },
    });
    await t.idle();
    const devOffer = (await mine(t, dev)).offer;
    expect(devOffer).toMatchObject({ status: 'offered', userId: dev.id });
    await t.advance(30_000);
    expect(await mine(t, dev)).toEqual({ waiting: null, offer: null });
    expect(await offerAction(t, dev, devOffer.id, 'accept')).toMatchObject({
      status: 409,
      body: { error: { code: 'INVALID_TRANSITION' } },
    });
    // Guru is free again: a direct request goes through.
    const direct = await t.call('POST', '/api/consultations', {
      token: kiran.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    expect(direct.status).toBe(201);
  });

  it('joining is refused with a clear code: in a session, unknown or not a consultant, wrong role, bad service', async () => {
    const { t, cast, kiran } = await start();
    await busyGuru(t, cast);
    expect(await join(t, cast.asha, cast.meera.id)).toMatchObject({
      status: 409,
      body: { error: { code: 'USER_BUSY' } },
    });
    expect(await join(t, kiran, 'consultant:nobody')).toMatchObject({
      status: 404,
      body: { error: { code: 'CONSULTANT_NOT_FOUND' } },
    });
    expect(await join(t, kiran, cast.asha.id)).toMatchObject({
      status: 404,
      body: { error: { code: 'CONSULTANT_NOT_FOUND' } },
    });
    expect(await join(t, cast.meera, cast.guru.id)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await join(t, kiran, cast.guru.id, 'telepathy')).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(await join(t, kiran, cast.meera.id, 'video')).toMatchObject({
      status: 422,
      body: { error: { code: 'SERVICE_NOT_OFFERED' } },
    });
    const pending = await t.call('POST', '/api/auth/register', {
      body: {
        name: 'Nisha Pending',
        email: 'nisha@example.com',
        password: randomBytes(12).toString('base64url'),
        role: 'consultant',
        bio: 'Waiting for approval.',
        specialities: ['Tarot'],
        languages: ['English'],
        rates: { chat: 500 },
      },
    });
    expect(pending.status).toBe(201);
    expect(await join(t, kiran, pending.body.user.id)).toMatchObject({
      status: 409,
      body: { error: { code: 'CONSULTANT_NOT_APPROVED' } },
    });
    const anonymous = await t.call('POST', `/api/consultants/${cast.guru.id}/waitlist`, { body: { service: 'chat' } });
    expect(anonymous.status).toBe(401);
    expect(await mine(t, kiran)).toEqual({ waiting: null, offer: null });
  });

  it('a user leaves the queue they wait in, and only that one; one queue at a time', async () => {
    const { t, cast, kiran } = await start();
    await busyGuru(t, cast);
    const leave = (consultantId: string) =>
      t.call('DELETE', `/api/consultants/${encodeURIComponent(consultantId)}/waitlist`, { token: kiran.token });
    expect(await leave(cast.guru.id)).toMatchObject({ status: 404, body: { error: { code: 'NOT_IN_WAITLIST' } } });
    await join(t, kiran, cast.guru.id);
    expect(await join(t, kiran, cast.guru.id)).toMatchObject({ status: 201, body: { waiting: { position: 1 } } });
    expect(await leave(cast.meera.id)).toMatchObject({ status: 404, body: { error: { code: 'NOT_IN_WAITLIST' } } });
    expect(await leave(cast.guru.id)).toMatchObject({ status: 200, body: { waiting: null, offer: null } });
    expect(await mine(t, kiran)).toEqual({ waiting: null, offer: null });
  });

  it('joining a free consultant offers the slot at once, and a user with an offer cannot queue elsewhere', async () => {
    const { t, cast, kiran } = await start();
    const joined = await join(t, kiran, cast.meera.id);
    expect(joined).toMatchObject({ status: 201, body: { waiting: null, offer: { status: 'offered' } } });
    expect(await join(t, kiran, cast.guru.id)).toMatchObject({ status: 409, body: { error: { code: 'USER_BUSY' } } });
  });

  it('freezing a user holding an offer passes it to the next in line, and takes the user out of every queue', async () => {
    const { t, cast, kiran, dev } = await start();
    const asha = await busyGuru(t, cast);
    await join(t, kiran, cast.guru.id);
    await join(t, dev, cast.guru.id);
    await t.call('POST', `/api/consultations/${asha}/end`, { token: cast.asha.token });
    await t.idle();
    const offer = (await mine(t, kiran)).offer;
    const frozen = await t.call('POST', `/api/admin/accounts/${encodeURIComponent(kiran.id)}/freeze`, {
      token: cast.admin.token,
      body: { frozen: true },
    });
    expect(frozen.status).toBe(200);
    await t.idle();
    expect(await t.host.services.billing.getSession(offer.id)).toMatchObject({ status: 'ended' });
    expect((await mine(t, dev)).offer).toMatchObject({ status: 'offered', userId: dev.id });
    // A frozen user waiting in a queue leaves it.
    const waiting = await newUser(t, 'mira');
    await busyGuruAgain(t, cast, dev, (await mine(t, dev)).offer.id);
    await join(t, waiting, cast.guru.id);
    await t.call('POST', `/api/admin/accounts/${encodeURIComponent(waiting.id)}/freeze`, {
      token: cast.admin.token,
      body: { frozen: true },
    });
    expect(await t.host.services.billing.waitlistPosition(waiting.id)).toBeNull();
  });

  /** Dev takes the offered slot and Guru accepts: Guru is busy again. */
  async function busyGuruAgain(t: TestHost, cast: Cast, dev: Person, offerId: string): Promise<void> {
    expect((await offerAction(t, dev, offerId, 'accept')).status).toBe(200);
    expect((await t.call('POST', `/api/consultations/${offerId}/accept`, { token: cast.guru.token })).status).toBe(200);
  }
});
