import { beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, endedChat, type Json, MODES, startTestHost, type TestHost } from './helpers.js';

const DAY = 86_400_000;
const KOLKATA = 330 * 60_000;

describe.each(MODES)('admin analytics and session refunds, in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  /** The calendar day in Kolkata, `days` from the clock's now. */
  const dayIn = (days = 0) => new Date(t.clock.now() + KOLKATA + days * DAY).toISOString().slice(0, 10);

  let guruSession: Json;
  let meeraSession: Json;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    guruSession = await endedChat(t, cast, cast.guru, 60_000);
    meeraSession = await endedChat(t, cast, cast.meera, 120_000);
    return () => t.close();
  });

  const analytics = (token: string, query: string) => t.call('GET', `/api/admin/analytics?${query}`, { token });
  const nameOf = async (id: string) => (await t.host.services.host.accounts.byId(id))?.name;

  it('sums a day and each consultant from the sessions billed, with every day of the range listed', async () => {
    const { status, body } = await analytics(cast.admin.token, `from=${dayIn(-1)}&to=${dayIn(1)}`);
    expect(status).toBe(200);
    expect(body.timeZone).toBe('Asia/Kolkata');
    expect(body.rows.map((r: Json) => [r.label, r.sessions])).toEqual([
      [dayIn(-1), 0],
      [dayIn(), 2],
      [dayIn(1), 0],
    ]);
    const charged = guruSession.summary.userCharged + meeraSession.summary.userCharged;
    expect(body.rows[1]).toMatchObject({
      userCharged: charged,
      seconds: guruSession.summary.secondsBilled + meeraSession.summary.secondsBilled,
      commission: guruSession.summary.commission + meeraSession.summary.commission,
    });
    expect(body.totals).toMatchObject({ sessions: 2, userCharged: charged });

    const byConsultant = (await analytics(cast.admin.token, `from=${dayIn()}&to=${dayIn()}&groupBy=consultant`)).body;
    const rows = Object.fromEntries(byConsultant.rows.map((r: Json) => [r.key, r]));
    expect(rows[cast.guru.id]).toMatchObject({ label: await nameOf(cast.guru.id), sessions: 1, userCharged: 1_000 });
    expect(rows[cast.meera.id]).toMatchObject({ sessions: 1, userCharged: meeraSession.summary.userCharged });
  });

  it("a consultant sees only their own analytics, and cannot see another's", async () => {
    const own = await analytics(cast.guru.token, `from=${dayIn()}&to=${dayIn()}`);
    expect(own.status).toBe(200);
    expect(own.body.totals).toMatchObject({ sessions: 1, userCharged: guruSession.summary.userCharged });
    const another = await analytics(cast.guru.token, `from=${dayIn()}&to=${dayIn()}&consultantId=${cast.meera.id}`);
    expect(another.status).toBe(403);
    expect(another.body.error.code).toBe('FORBIDDEN');
    const oneForAdmin = await analytics(
      cast.admin.token,
      `from=${dayIn()}&to=${dayIn()}&consultantId=${cast.meera.id}`,
    );
    expect(oneForAdmin.body.totals.sessions).toBe(1);
    expect((await analytics(cast.asha.token, `from=${dayIn()}&to=${dayIn()}`)).status).toBe(403);
    expect((await t.call('GET', `/api/admin/analytics?from=${dayIn()}&to=${dayIn()}`)).status).toBe(401);
  });

  it('bad ranges are 400 naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-02-30&to=2026-03-01', 'from'],
      [`from=${dayIn()}&to=${dayIn(-2)}`, 'to'],
      [`from=${dayIn()}&to=${dayIn(500)}`, 'to'],
      [`from=${dayIn()}&to=tomorrow`, 'to'],
      [`from=${dayIn()}&to=${dayIn()}&groupBy=week`, 'groupBy'],
    ] as const) {
      const answer = await analytics(cast.admin.token, query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.field ?? answer.body.error.details?.field, query).toBe(field);
    }
  });

  it('the sessions list names both people and what is refundable; a refund updates the row and the revenue', async () => {
    const sessions = (await t.call('GET', '/api/admin/sessions', { token: cast.admin.token })).body;
    const row = sessions.find((s: Json) => s.id === guruSession.id);
    expect(row).toMatchObject({
      userName: await nameOf(cast.asha.id),
      consultantName: await nameOf(cast.guru.id),
      refunded: 0,
      refundable: 1_000,
    });
    const revenueBefore = (await t.call('GET', '/api/admin/revenue', { token: cast.admin.token })).body;
    expect(revenueBefore).toMatchObject({ billedSessions: 2, userCharged: 1_000 + meeraSession.summary.userCharged });

    const refund = await t.call('POST', '/api/admin/refunds', {
      token: cast.admin.token,
      body: { sessionId: guruSession.id, amount: 250 },
    });
    expect(refund.status).toBe(201);
    expect(refund.body.session).toMatchObject({ id: guruSession.id, refunded: 250, refundable: 750 });
    const revenueAfter = (await t.call('GET', '/api/admin/revenue', { token: cast.admin.token })).body;
    expect(revenueAfter.platformBalance).toBe(revenueBefore.platformBalance - 50); // the commission's 20% of 250
  });

  it('an over-refund is 409 naming what is still refundable, and writes nothing', async () => {
    const before = await t.host.services.wallet.getAccount(cast.asha.id);
    const tooMuch = await t.call('POST', '/api/admin/refunds', {
      token: cast.admin.token,
      body: { sessionId: guruSession.id, amount: 1_001 },
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_ORIGINAL', details: { refundable: 1_000 } });
    expect(await t.host.services.wallet.getAccount(cast.asha.id)).toEqual(before);
    const full = await t.call('POST', '/api/admin/refunds', {
      token: cast.admin.token,
      body: { sessionId: guruSession.id },
    });
    expect(full.body).toMatchObject({ refunded: 1_000, session: { refundable: 0 } });
    const again = await t.call('POST', '/api/admin/refunds', {
      token: cast.admin.token,
      body: { sessionId: guruSession.id },
    });
    expect(again.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_ORIGINAL', details: { refundable: 0 } });
  });
});
