import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Cast, castOf, endedChat, type Json, MODES, startTestHost, type TestHost } from './helpers.js';

const DAY = 86_400_000;
const KOLKATA = 330 * 60_000;

/** Each mode on memory stores, and on PGlite, where the reports are the SQL adapters' statements. */
const RUNS = MODES.flatMap((mode) => (['memory', 'pglite'] as const).map((store) => [mode, store] as const));

describe.each(RUNS)('refunds in the admin analytics and sessions table, in %s mode on %s', (mode, store) => {
  let t: TestHost;
  let cast: Cast;
  /** The calendar day in Kolkata, `days` from the clock's now. */
  const dayIn = (days = 0) => new Date(t.clock.now() + KOLKATA + days * DAY).toISOString().slice(0, 10);

  const analytics = async (token: string, query: string) => {
    const answer = await t.call('GET', `/api/admin/analytics?${query}`, { token });
    expect(answer.status, query).toBe(200);
    return answer.body;
  };
  const refund = async (sessionId: string, amount?: number) => {
    const answer = await t.call('POST', '/api/admin/refunds', {
      token: cast.admin.token,
      body: { sessionId, ...(amount === undefined ? {} : { amount }) },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };

  let guruSession: Json;
  let meeraSession: Json;
  beforeEach(async () => {
    const folder = store === 'pglite' ? await mkdtemp(join(tmpdir(), 'jc-refund-reports-')) : null;
    t = await startTestHost(mode, folder ? { env: { STORE: 'pglite', DATA_DIR: folder } } : {});
    cast = await castOf(t);
    guruSession = await endedChat(t, cast, cast.guru, 60_000);
    meeraSession = await endedChat(t, cast, cast.meera, 120_000);
    return async () => {
      await t.close();
      if (folder) await rm(folder, { recursive: true, force: true });
    };
  });

  it('a refund counts on the day it was made and for its consultant, and in no range without that day', async () => {
    await refund(guruSession.id, 250);
    const charged = guruSession.summary.userCharged + meeraSession.summary.userCharged;

    const byDay = await analytics(cast.admin.token, `from=${dayIn(-1)}&to=${dayIn(1)}`);
    expect(byDay.rows.map((r: Json) => [r.key, r.refunds, r.refunded])).toEqual([
      [dayIn(-1), 0, 0],
      [dayIn(), 1, 250],
      [dayIn(1), 0, 0],
    ]);
    expect(byDay.rows[1]).toMatchObject({ userCharged: charged, netCharged: charged - 250 });
    expect(byDay.totals).toMatchObject({ userCharged: charged, refunds: 1, refunded: 250, netCharged: charged - 250 });

    const byConsultant = await analytics(cast.admin.token, `from=${dayIn()}&to=${dayIn()}&groupBy=consultant`);
    const rows = Object.fromEntries(byConsultant.rows.map((r: Json) => [r.key, r]));
    expect(rows[cast.guru.id]).toMatchObject({ refunds: 1, refunded: 250, netCharged: 1_000 - 250 });
    expect(rows[cast.meera.id]).toMatchObject({
      refunds: 0,
      refunded: 0,
      netCharged: meeraSession.summary.userCharged,
    });

    for (const range of [`from=${dayIn(-3)}&to=${dayIn(-1)}`, `from=${dayIn(1)}&to=${dayIn(2)}`]) {
      for (const groupBy of ['day', 'consultant']) {
        const outside = await analytics(cast.admin.token, `${range}&groupBy=${groupBy}`);
        expect(outside.totals, `${range} by ${groupBy}`).toMatchObject({ refunds: 0, refunded: 0, netCharged: 0 });
      }
    }
  });

  it('a consultant refunded in a range whose sessions were billed before it still has a row; each consultant sees only their own', async () => {
    await t.advance(DAY);
    await refund(meeraSession.id, 100);
    const today = await analytics(cast.admin.token, `from=${dayIn()}&to=${dayIn()}&groupBy=consultant`);
    expect(today.rows).toEqual([
      expect.objectContaining({ key: cast.meera.id, sessions: 0, userCharged: 0, refunded: 100, netCharged: -100 }),
    ]);
    const meeraOwn = await analytics(cast.meera.token, `from=${dayIn(-1)}&to=${dayIn()}`);
    expect(meeraOwn.totals).toMatchObject({ sessions: 1, refunded: 100 });
    const guruOwn = await analytics(cast.guru.token, `from=${dayIn(-1)}&to=${dayIn()}`);
    expect(guruOwn.totals).toMatchObject({ sessions: 1, refunded: 0 });
  });

  it("the reports' refunds are the wallet's: their sum is the sum of the refund entries on the user's statement", async () => {
    await refund(guruSession.id, 300);
    await refund(meeraSession.id, 120);
    await refund(guruSession.id); // the rest of Guru's session
    const entries: Json[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=100&cursor=${cursor}` : 'limit=100';
      const page = await t.call('GET', `/api/wallet/statement?${query}`, { token: cast.asha.token });
      entries.push(...page.body.entries);
      cursor = page.body.nextCursor;
    } while (cursor);
    const refundEntries = entries.filter((e: Json) => e.kind === 'refund');
    expect(refundEntries).toHaveLength(3);
    const givenBack = refundEntries.reduce((sum: number, e: Json) => sum + e.amount, 0);
    expect(givenBack).toBe(1_000 + 120);

    const range = `from=${dayIn(-1)}&to=${dayIn(1)}`;
    const byDay = await analytics(cast.admin.token, range);
    const byConsultant = await analytics(cast.admin.token, `${range}&groupBy=consultant`);
    for (const report of [byDay, byConsultant]) {
      expect(report.totals).toMatchObject({ refunds: 3, refunded: givenBack });
      expect(report.rows.reduce((sum: number, r: Json) => sum + r.refunded, 0)).toBe(givenBack);
      expect(report.totals.netCharged).toBe(report.totals.userCharged - givenBack);
    }
    // The revenue's gross stays what sessions billed; its refunded and net follow the same refunds.
    const revenue = (await t.call('GET', '/api/admin/revenue', { token: cast.admin.token })).body;
    expect(revenue).toMatchObject({ refunded: givenBack, netCharged: revenue.userCharged - givenBack });
    expect(revenue.userCharged).toBe(byDay.totals.userCharged);
    // Each refund transaction names its session and consultant: that is what the per-consultant rows are built from.
    for (const entry of refundEntries) {
      const consultantId = entry.metadata.sessionId === guruSession.id ? cast.guru.id : cast.meera.id;
      expect(entry.metadata).toMatchObject({ consultantId });
    }
    const sessions = (await t.call('GET', '/api/admin/sessions', { token: cast.admin.token })).body;
    const refundedOf = (id: string) => sessions.find((s: Json) => s.id === id);
    expect(refundedOf(guruSession.id)).toMatchObject({ refunded: 1_000, refundable: 0 });
    expect(refundedOf(meeraSession.id)).toMatchObject({
      refunded: 120,
      refundable: meeraSession.summary.userCharged - 120,
    });
  });

  it('the analytics and sessions table are refused to a user and to a consultant asking for another', async () => {
    const range = `from=${dayIn()}&to=${dayIn()}`;
    for (const person of [cast.asha, cast.guru]) {
      const sessions = await t.call('GET', '/api/admin/sessions', { token: person.token });
      expect(sessions.status).toBe(403);
      expect(sessions.body.error.code).toBe('FORBIDDEN');
      const refunding = await t.call('POST', '/api/admin/refunds', {
        token: person.token,
        body: { sessionId: guruSession.id, amount: 1 },
      });
      expect(refunding.status).toBe(403);
    }
    expect((await t.call('GET', `/api/admin/analytics?${range}`, { token: cast.asha.token })).status).toBe(403);
    const another = await t.call('GET', `/api/admin/analytics?${range}&consultantId=${cast.meera.id}`, {
      token: cast.guru.token,
    });
    expect(another.status).toBe(403);
    expect((await t.call('GET', '/api/admin/sessions')).status).toBe(401);
    // Nothing was refunded by the refused calls.
    expect((await analytics(cast.admin.token, range)).totals.refunded).toBe(0);
  });

  describe('the sessions table reads every row’s refunds in one store call', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('N sessions, N refunds: one refund report and no statement scan', async () => {
      const more = [await endedChat(t, cast, cast.guru, 30_000), await endedChat(t, cast, cast.ravi, 30_000)];
      const all = [guruSession, meeraSession, ...more];
      for (const session of all) await refund(session.id, 10);
      const store = t.host.services.stores.wallet;
      const reports = vi.spyOn(store, 'refundReport');
      const statements = vi.spyOn(store, 'statement');
      const grouped = vi.spyOn(store, 'groupedStatement');

      const answer = await t.call('GET', '/api/admin/sessions', { token: cast.admin.token });
      expect(answer.status).toBe(200);
      const rows = answer.body.filter((s: Json) => all.some((session) => session.id === s.id));
      expect(rows).toHaveLength(all.length);
      for (const row of rows) expect(row).toMatchObject({ refunded: 10, refundable: row.summary.userCharged - 10 });
      expect(reports).toHaveBeenCalledTimes(1);
      expect(reports.mock.calls[0]?.[0]).toMatchObject({ field: 'sessionId', groupBy: 'field' });
      expect(statements).not.toHaveBeenCalled();
      expect(grouped).not.toHaveBeenCalled();
    });
  });
});
