import { beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, type Json, MODES, startTestHost, type TestHost } from './helpers.js';

describe.each(MODES)('the statement grouped by consultation, in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  let session: Json;
  beforeEach(async () => {
    t = await startTestHost(mode);
    cast = await castOf(t);
    const { body: requested } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    await t.call('POST', `/api/consultations/${requested.id}/accept`, { token: cast.guru.token });
    await t.advance(3 * 60_000);
    session = (await t.call('POST', `/api/consultations/${requested.id}/end`, { token: cast.asha.token })).body;
    return () => t.close();
  });

  const nameOf = async (id: string) => (await t.host.services.host.accounts.byId(id))?.name;
  const grouped = (token: string, query = '') =>
    t.call('GET', `/api/wallet/statement/consultations${query}`, { token });
  const intervals = (token: string, sessionId: string) =>
    t.call('GET', `/api/wallet/statement/consultations/${encodeURIComponent(sessionId)}`, { token });

  it('shows a consultation as one row named after the consultant, totalling its intervals, the top-up its own row', async () => {
    const { status, body } = await grouped(cast.asha.token);
    expect(status).toBe(200);
    expect(session.summary.intervals).toBeGreaterThan(3);
    const [row, topUp] = body.rows;
    expect(row).toMatchObject({
      sessionId: session.id,
      kind: 'consultation',
      service: 'chat',
      counterpartName: await nameOf(cast.guru.id),
      total: -session.summary.userCharged,
      count: session.summary.intervals,
    });
    expect(topUp).toMatchObject({ sessionId: null, kind: 'topup', count: 1, counterpartName: null });
    expect(body.rows).toHaveLength(2);
    expect(body.nextCursor).toBeNull();
  });

  it("expands a row to its intervals, whose amounts add up to the row's total", async () => {
    const [row] = (await grouped(cast.asha.token)).body.rows;
    const { status, body } = await intervals(cast.asha.token, session.id);
    expect(status).toBe(200);
    expect(body.entries).toHaveLength(row.count);
    expect(body.entries.map((e: Json) => e.interval)).toEqual(body.entries.map((_: Json, i: number) => i + 1));
    expect(body.entries.reduce((sum: number, e: Json) => sum + e.amount, 0)).toBe(row.total);
    expect(body.entries.at(-1).balanceAfter).toBe(row.balanceAfter);
  });

  it("the consultant's grouped statement names the user, and a session refund is a row of its own", async () => {
    const refund = await t.call('POST', '/api/admin/refunds', {
      token: cast.admin.token,
      body: { sessionId: session.id, amount: 100 },
    });
    expect(refund.status).toBe(201);
    const guruRows = (await grouped(cast.guru.token)).body.rows;
    expect(guruRows.map((r: Json) => [r.kind, r.counterpartName])).toEqual([
      ['refund', await nameOf(cast.asha.id)],
      ['consultation', await nameOf(cast.asha.id)],
    ]);
    expect(guruRows[1].total).toBe(session.summary.consultantShare);
    const ashaRows = (await grouped(cast.asha.token)).body.rows;
    expect(ashaRows[0]).toMatchObject({ kind: 'refund', total: 100, sessionId: session.id, count: 1 });
  });

  it('pages one row at a time, each row once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: Json } = await grouped(cast.asha.token, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.rows.map((r: Json) => r.transactionId));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(2);
    expect(new Set(seen).size).toBe(2);
  });

  it("nobody reads another's consultation intervals; bad input and strangers are refused", async () => {
    expect((await intervals(cast.meera.token, session.id)).body.error.code).toBe('NOT_A_PARTICIPANT');
    expect((await intervals(cast.meera.token, session.id)).status).toBe(403);
    expect((await intervals(cast.asha.token, 'no-such-session')).status).toBe(404);
    expect((await intervals(cast.admin.token, session.id)).status).toBe(403);
    expect((await grouped(cast.admin.token)).status).toBe(403);
    expect((await t.call('GET', '/api/wallet/statement/consultations')).status).toBe(401);
    const badCursor = await grouped(cast.asha.token, '?cursor=12');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.field).toBe('cursor');
    expect((await grouped(cast.asha.token, '?limit=0')).status).toBe(400);
  });
});
