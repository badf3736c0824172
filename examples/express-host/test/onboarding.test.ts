import { beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, type Json, MODES, startTestHost, type TestHost } from './helpers.js';
import { connectWs } from './processes.js';

/** A complete profile as the editor submits it; `overrides` replace any field. */
function aProfileEdit(overrides: Record<string, unknown> = {}) {
  return {
    bio: 'Vedic astrologer: birth charts and muhurta.',
    experienceYears: 7,
    specialities: ['Vedic astrology'],
    languages: ['Hindi', 'English'],
    photoUrl: 'https://example.com/tara.jpg',
    rates: { chat: 700, voice: 1_100 },
    timeZone: 'Asia/Kolkata',
    schedule: [],
    ...overrides,
  };
}

const ids = (page: Json) => page.consultants.map((c: { id: string }) => c.id);

describe.each(MODES)('consultant onboarding and approval in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    return () => t.close();
  });

  /** Tara signs up as a consultant, fills in her profile, switches on and opens the page. */
  async function signUpTara() {
    const registered = await t.call('POST', '/api/auth/register', {
      body: { name: 'Tara Joshi', email: 'tara@example.com', password: 'secret123', role: 'consultant' },
    });
    expect(registered.status).toBe(201);
    const { token, user } = registered.body;
    expect((await t.call('PUT', '/api/consultants/me/profile', { token, body: aProfileEdit() })).status).toBe(200);
    await t.call('PUT', '/api/consultants/me/availability', { token, body: { online: true } });
    const socket = await connectWs(t.url, token);
    return { id: user.id as string, token: token as string, socket };
  }

  const request = (consultantId: string, token = cast.asha.token) =>
    t.call('POST', '/api/consultations', { token, body: { consultantId, service: 'chat' } });

  it('a new consultant is pending: hidden, refused over REST and WebSocket, then listed and billed at their rate once approved', async () => {
    const tara = await signUpTara();
    const own = await t.call('GET', '/api/consultants/me/profile', { token: tara.token });
    expect(own.body).toMatchObject({ status: 'pending', statusReason: null, rates: { chat: 700, voice: 1_100 } });
    expect(ids((await t.call('GET', '/api/consultants')).body)).not.toContain(tara.id);
    expect((await t.call('GET', `/api/consultants/${tara.id}`)).status).toBe(404);

    const refused = await request(tara.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONSULTANT_NOT_APPROVED');
    const user = await connectWs(t.url, cast.asha.token);
    await expect(user.request('consultation.request', { consultantId: tara.id, serviceType: 'chat' })).rejects.toThrow(
      /^CONSULTANT_NOT_APPROVED/,
    );
    expect((await t.call('GET', '/api/consultations', { token: cast.asha.token })).body).toEqual([]);

    const pending = await t.call('GET', '/api/admin/consultants?status=pending', { token: cast.admin.token });
    expect(pending.body).toEqual([
      expect.objectContaining({ consultantId: tara.id, account: expect.objectContaining({ name: 'Tara Joshi' }) }),
    ]);
    const approved = await t.call('POST', `/api/admin/consultants/${tara.id}/approve`, {
      token: cast.admin.token,
      body: {},
    });
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect(ids((await t.call('GET', '/api/consultants')).body)).toContain(tara.id);

    const session = await request(tara.id);
    expect(session.body).toMatchObject({ status: 'requested', ratePerMinute: 700 });
    await t.call('POST', `/api/consultations/${session.body.id}/accept`, { token: tara.token });
    await t.advance(60_000);
    const ended = await t.call('POST', `/api/consultations/${session.body.id}/end`, { token: cast.asha.token });
    expect(ended.body.summary).toMatchObject({ secondsBilled: 60, userCharged: 700 });
    const audit = await t.call('GET', '/api/admin/audit', { token: cast.admin.token });
    expect(audit.body[0]).toMatchObject({
      action: 'approve_consultant',
      target: tara.id,
      actorId: cast.admin.id,
      details: { from: 'pending', reason: null },
    });
    user.close();
    tara.socket.close();
  });

  it('only an admin decides: a user or a consultant cannot approve, list pending consultants, look accounts up or show reviews', async () => {
    const tara = await signUpTara();
    for (const token of [cast.asha.token, cast.guru.token, tara.token]) {
      for (const [method, path, body] of [
        ['POST', `/api/admin/consultants/${tara.id}/approve`, {}],
        ['POST', `/api/admin/consultants/${tara.id}/reject`, { reason: 'x' }],
        ['POST', `/api/admin/consultants/${cast.guru.id}/suspend`, { reason: 'x' }],
        ['GET', '/api/admin/consultants', undefined],
        ['GET', `/api/admin/accounts?email=${encodeURIComponent(cast.asha.email)}`, undefined],
        ['POST', '/api/admin/reviews/rating_x/show', undefined],
      ] as const) {
        const answer = await t.call(method, path, { token, ...(body ? { body } : {}) });
        expect([answer.status, answer.body.error.code]).toEqual([403, 'FORBIDDEN']);
      }
    }
    expect((await t.call('POST', `/api/admin/consultants/${tara.id}/approve`, { body: {} })).status).toBe(401);
    // A consultant edits only their own profile; a user has none.
    const asUser = await t.call('PUT', '/api/consultants/me/profile', { token: cast.asha.token, body: aProfileEdit() });
    expect(asUser.status).toBe(403);
    expect((await t.call('GET', '/api/consultants/me/profile', { token: cast.admin.token })).status).toBe(403);
    expect((await t.call('GET', '/api/consultants/me/profile', { token: tara.token })).body.status).toBe('pending');
    tara.socket.close();
  });

  it('a rejection needs a reason the consultant reads; decisions follow the status; a suspension ends the live session', async () => {
    const tara = await signUpTara();
    const admin = cast.admin.token;
    const noReason = await t.call('POST', `/api/admin/consultants/${tara.id}/reject`, { token: admin, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
    const rejected = await t.call('POST', `/api/admin/consultants/${tara.id}/reject`, {
      token: admin,
      body: { reason: 'Add a photo of yourself and your qualifications.' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expect((await t.call('GET', '/api/consultants/me/profile', { token: tara.token })).body).toMatchObject({
      status: 'rejected',
      statusReason: 'Add a photo of yourself and your qualifications.',
    });
    expect((await request(tara.id)).body.error.code).toBe('CONSULTANT_NOT_APPROVED');
    const suspendRejected = await t.call('POST', `/api/admin/consultants/${tara.id}/suspend`, {
      token: admin,
      body: { reason: 'x' },
    });
    expect(suspendRejected.status).toBe(409);
    expect(suspendRejected.body.error).toMatchObject({
      code: 'CONSULTANT_STATUS_CONFLICT',
      details: { status: 'rejected' },
    });
    const unknown = await t.call('POST', '/api/admin/consultants/consultant:nobody/approve', {
      token: admin,
      body: {},
    });
    expect(unknown.body.error.code).toBe('CONSULTANT_NOT_FOUND');

    // Guru is suspended in the middle of a consultation: it ends, charging the seconds served, and he is hidden.
    const live = await request(cast.guru.id);
    await t.call('POST', `/api/consultations/${live.body.id}/accept`, { token: cast.guru.token });
    await t.advance(30_000);
    const suspended = await t.call('POST', `/api/admin/consultants/${cast.guru.id}/suspend`, {
      token: admin,
      body: { reason: 'Reports of rude behaviour.' },
    });
    expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: 'Reports of rude behaviour.' });
    const session = await t.call('GET', `/api/consultations/${live.body.id}`, { token: cast.asha.token });
    expect(session.body.session).toMatchObject({ status: 'ended', summary: { secondsBilled: 30, userCharged: 500 } });
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.balance).toBe(50_000 - 500);
    expect(ids((await t.call('GET', '/api/consultants')).body)).not.toContain(cast.guru.id);
    expect((await request(cast.guru.id)).body.error.code).toBe('CONSULTANT_NOT_APPROVED');
    await t.call('POST', `/api/admin/consultants/${cast.guru.id}/approve`, { token: admin, body: {} });
    expect((await request(cast.guru.id)).status).toBe(201);
    const actions = (await t.call('GET', '/api/admin/audit', { token: admin })).body.map((e: Json) => e.action);
    expect(actions.slice(0, 3)).toEqual(['approve_consultant', 'suspend_consultant', 'reject_consultant']);
    tara.socket.close();
  });

  it('a profile is validated field by field, and nothing of a refused edit is written', async () => {
    const token = cast.guru.token;
    const before = (await t.call('GET', '/api/consultants/me/profile', { token })).body;
    const { maxRatePerMinute: max, minRatePerMinute: min } = t.config;
    const refusals: Array<[Record<string, unknown>, string]> = [
      [{ photoUrl: 'http://example.com/me.jpg' }, 'photoUrl'],
      [{ photoUrl: 'javascript:alert(1)' }, 'photoUrl'],
      [{ rates: { chat: max + 1 } }, 'rates.chat'],
      [{ rates: { chat: 700, video: min - 1 } }, 'rates.video'],
      [{ rates: {} }, 'rates'],
      [{ rates: { chat: 10.5 } }, 'rates.chat'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ schedule: [{ day: 7, from: '09:00', to: '10:00' }] }, 'schedule.0.day'],
      [{ schedule: [{ day: 1, from: '10:00', to: '09:00' }] }, 'schedule.0.to'],
      [{ schedule: [{ day: 1, from: '9am', to: '10:00' }] }, 'schedule.0.from'],
      [
        {
          schedule: [
            { day: 1, from: '09:00', to: '12:00' },
            { day: 1, from: '11:00', to: '13:00' },
          ],
        },
        'schedule',
      ],
      [{ bio: 'x'.repeat(2_001) }, 'bio'],
      [{ experienceYears: -1 }, 'experienceYears'],
      [{ specialities: ['Vedic\u0007'] }, 'specialities.0'],
    ];
    for (const [change, field] of refusals) {
      const refused = await t.call('PUT', '/api/consultants/me/profile', { token, body: aProfileEdit(change) });
      expect([refused.status, refused.body.error.code, refused.body.error.field]).toEqual([
        400,
        'VALIDATION_FAILED',
        field,
      ]);
    }
    expect((await t.call('GET', '/api/consultants/me/profile', { token })).body).toEqual(before);
    const saved = await t.call('PUT', '/api/consultants/me/profile', {
      token,
      body: aProfileEdit({ rates: { chat: min, video: max }, schedule: [{ day: 0, from: '00:00', to: '24:00' }] }),
    });
    expect(saved.body).toMatchObject({ status: 'approved', online: true, rates: { chat: min, video: max } });
    const signUpTooCheap = await t.call('POST', '/api/auth/register', {
      body: {
        name: 'C',
        email: 'cheap@example.com',
        password: 'secret123',
        role: 'consultant',
        rates: { chat: min - 1 },
      },
    });
    expect(signUpTooCheap.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'rates.chat' });
  });

  it('a rate edited during a live session applies to the next session only', async () => {
    const live = await request(cast.guru.id);
    expect(live.body.ratePerMinute).toBe(1_000);
    await t.call('POST', `/api/consultations/${live.body.id}/accept`, { token: cast.guru.token });
    await t.advance(30_000);
    const edited = await t.call('PUT', '/api/consultants/me/profile', {
      token: cast.guru.token,
      body: aProfileEdit({ rates: { chat: 2_000 } }),
    });
    expect(edited.body.rates).toEqual({ chat: 2_000 });
    await t.advance(30_000);
    const first = await t.call('POST', `/api/consultations/${live.body.id}/end`, { token: cast.asha.token });
    expect(first.body).toMatchObject({ ratePerMinute: 1_000, summary: { secondsBilled: 60, userCharged: 1_000 } });

    const next = await request(cast.guru.id);
    expect(next.body.ratePerMinute).toBe(2_000);
    await t.call('POST', `/api/consultations/${next.body.id}/accept`, { token: cast.guru.token });
    await t.advance(60_000);
    const second = await t.call('POST', `/api/consultations/${next.body.id}/end`, { token: cast.asha.token });
    expect(second.body.summary).toMatchObject({ secondsBilled: 60, userCharged: 2_000 });
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.balance).toBe(50_000 - 3_000);
  });

  it('the directory searches, filters by price and presence, sorts, pages, and shows away outside the hours', async () => {
    const page = async (query: string) => (await t.call('GET', `/api/consultants?${query}`)).body;
    expect(ids(await page('q=tarot'))).toEqual([cast.meera.id]);
    expect(ids(await page('q=ravi%20numbers'))).toEqual([cast.ravi.id]);
    expect(ids(await page('speciality=vedic'))).toEqual([cast.guru.id]);
    expect(ids(await page('service=voice&minPrice=1000&maxPrice=1500&sort=price'))).toEqual([
      cast.ravi.id,
      cast.guru.id,
    ]);
    expect(ids(await page('maxPrice=700'))).toEqual([cast.meera.id]);
    const paged = await page('sort=price&page=2&pageSize=2');
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(ids(paged)).toEqual([cast.guru.id]);
    await t.call('PUT', '/api/consultants/me/profile', {
      token: cast.meera.token,
      body: aProfileEdit({ experienceYears: 30, rates: { chat: 600 } }),
    });
    expect(ids(await page('sort=experience'))[0]).toBe(cast.meera.id);

    // The manual clock reads Thursday 05:30 in Kolkata: Meera publishes Thursday 09:00-17:00, so she is away.
    await t.call('PUT', '/api/consultants/me/profile', {
      token: cast.meera.token,
      body: aProfileEdit({ rates: { chat: 600 }, schedule: [{ day: 4, from: '09:00', to: '17:00' }] }),
    });
    const statusOf = async (id: string) => (await t.call('GET', `/api/consultants/${id}`)).body.status;
    expect(await statusOf(cast.meera.id)).toBe('away');
    await t.call('PUT', '/api/consultants/me/profile', {
      token: cast.meera.token,
      body: aProfileEdit({ rates: { chat: 600 }, schedule: [{ day: 4, from: '05:00', to: '06:00' }] }),
    });
    expect(await statusOf(cast.meera.id)).toBe('online');
    await t.call('PUT', '/api/consultants/me/availability', { token: cast.ravi.token, body: { online: false } });
    const live = await request(cast.guru.id);
    expect(await statusOf(cast.guru.id)).toBe('busy');
    expect(ids(await page('online=true'))).toEqual([cast.meera.id]);
    await t.call('POST', `/api/consultations/${live.body.id}/cancel`, { token: cast.asha.token });
    // A frozen consultant is neither listed nor counted, whichever way the page is cut.
    await t.call('POST', `/api/admin/accounts/${cast.ravi.id}/freeze`, {
      token: cast.admin.token,
      body: { frozen: true },
    });
    expect(await page('sort=price&pageSize=1')).toMatchObject({ total: 2, consultants: [{ id: cast.meera.id }] });
    expect((await page('sort=rating')).total).toBe(2);
    const bad = await t.call('GET', '/api/consultants?pageSize=500');
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pageSize' });
  });

  it('an admin finds an account by email to freeze and unfreeze it, and hides and shows a review, all audited', async () => {
    const admin = cast.admin.token;
    const found = await t.call(
      'GET',
      `/api/admin/accounts?email=${encodeURIComponent(cast.asha.email.toUpperCase())}`,
      {
        token: admin,
      },
    );
    expect(found.body).toMatchObject({ id: cast.asha.id, frozen: false });
    expect((await t.call('GET', '/api/admin/accounts?email=nobody%40example.com', { token: admin })).status).toBe(404);
    const frozen = await t.call('POST', `/api/admin/accounts/${cast.asha.id}/freeze`, {
      token: admin,
      body: { frozen: true },
    });
    expect(frozen.body.frozen).toBe(true);
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.error.code).toBe('ACCOUNT_FROZEN');
    await t.call('POST', `/api/admin/accounts/${cast.asha.id}/freeze`, { token: admin, body: { frozen: false } });

    const session = await request(cast.guru.id);
    await t.call('POST', `/api/consultations/${session.body.id}/accept`, { token: cast.guru.token });
    await t.advance(10_000);
    await t.call('POST', `/api/consultations/${session.body.id}/end`, { token: cast.asha.token });
    const rating = await t.call('POST', `/api/consultations/${session.body.id}/rating`, {
      token: cast.asha.token,
      body: { stars: 2, review: 'Call me on 98xxxx' },
    });
    const reviewsOf = async () => (await t.call('GET', `/api/consultants/${cast.guru.id}`)).body.reviewList;
    await t.call('POST', `/api/admin/reviews/${rating.body.id}/hide`, { token: admin });
    expect(await reviewsOf()).toEqual([]);
    const shown = await t.call('POST', `/api/admin/reviews/${rating.body.id}/show`, { token: admin });
    expect(shown.body.hidden).toBe(false);
    expect((await reviewsOf()).map((r: Json) => r.id)).toEqual([rating.body.id]);
    const actions = (await t.call('GET', '/api/admin/audit', { token: admin })).body.map((e: Json) => e.action);
    expect(actions.slice(0, 4)).toEqual(['show_review', 'hide_review', 'unfreeze', 'freeze']);
  });
});

describe('CONSULTANT_APPROVAL=automatic', () => {
  it('approves a consultant at sign-up, and the seeded demo consultants are approved', async () => {
    const t = await startTestHost('demo', { env: { CONSULTANT_APPROVAL: 'automatic' } });
    try {
      const registered = await t.call('POST', '/api/auth/register', {
        body: { name: 'Tara', email: 'tara@example.com', password: 'secret123', role: 'consultant' },
      });
      const own = await t.call('GET', '/api/consultants/me/profile', { token: registered.body.token });
      expect(own.body.status).toBe('approved');
      expect((await t.host.services.host.directory.profileOf('consultant:guru'))?.status).toBe('approved');
    } finally {
      await t.close();
    }
  });
});
