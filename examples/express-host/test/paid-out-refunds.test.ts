import { randomUUID } from 'node:crypto';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, type Json, MODES, startTestHost, type TestHost } from './helpers.js';

describe.each(MODES)('refunding a session whose consultant was paid out, in %s mode', (mode) => {
  let t: TestHost;
  let cast: Cast;
  let sessionId: string;
  /** Guru's share of the one-minute chat: 1,000 paise charged, commission 20%. */
  let share: number;
  beforeEach(async () => {
    t = await startTestHost(mode, { env: { MIN_PAYOUT: '100' } });
    cast = await castOf(t);
    const { body: session } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    sessionId = session.id;
    await t.call('POST', `/api/consultations/${sessionId}/accept`, { token: cast.guru.token });
    await t.advance(60_000);
    const { body: ended } = await t.call('POST', `/api/consultations/${sessionId}/end`, { token: cast.asha.token });
    share = ended.summary.consultantShare;
    return () => t.close();
  });

  const balanceOf = async (id: string) => (await t.host.services.wallet.getAccount(id))?.balance ?? 0;
  const payOut = async (amount: number) => {
    const answer = await t.call('POST', '/api/payouts', {
      token: cast.guru.token,
      body: { amount },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(answer.status).toBe(201);
  };
  const refund = (body: object) =>
    t.call('POST', '/api/admin/refunds', { token: cast.admin.token, body: { sessionId, ...body } });
  const refundsAudited = async () =>
    ((await t.call('GET', '/api/admin/audit', { token: cast.admin.token })).body as Json[]).filter(
      (entry) => entry.action === 'refund',
    );

  it('is refused with 409 CONSULTANT_PAID_OUT naming the shortfall, and writes nothing', async () => {
    expect(share).toBe(800);
    await payOut(share);
    expect(await balanceOf(cast.guru.id)).toBe(0);
    const refused = await refund({});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONSULTANT_PAID_OUT', details: { shortfall: share } });
    expect(await balanceOf(cast.asha.id)).toBe(49_000);
    expect(await balanceOf(cast.guru.id)).toBe(0);
    expect(await balanceOf(SYSTEM_ACCOUNTS.refunds)).toBe(0);
    expect(await refundsAudited()).toEqual([]);
  });

  it("with absorbShortfall, the consultant's remaining balance goes first and system:refunds funds the rest", async () => {
    await payOut(500); // 300 of the 800 left
    const revenueBefore = await balanceOf(SYSTEM_ACCOUNTS.revenue);
    const refunded = await refund({ absorbShortfall: true });
    expect(refunded.status).toBe(201);
    expect(refunded.body).toMatchObject({ refunded: 1_000, shortfallAbsorbed: 500, userBalance: 50_000 });
    expect(await balanceOf(cast.guru.id)).toBe(0);
    expect(await balanceOf(SYSTEM_ACCOUNTS.refunds)).toBe(-500);
    expect(await balanceOf(SYSTEM_ACCOUNTS.revenue)).toBe(revenueBefore - 200);
    const invoice = (await t.call('GET', `/api/consultations/${sessionId}`, { token: cast.asha.token })).body.invoice;
    expect(invoice).toMatchObject({ charged: 1_000, refunded: 1_000, net: 0 });
    expect(await refundsAudited()).toEqual([
      expect.objectContaining({
        target: sessionId,
        details: expect.objectContaining({ refunded: 1_000, shortfallAbsorbed: 500 }),
      }),
    ]);
    expect((await t.host.services.wallet.verify()).ok).toBe(true);
  });

  it('a part refund takes the shortfall of the part: the consultant ends at zero, the books balance', async () => {
    await payOut(share);
    const before = { revenue: await balanceOf(SYSTEM_ACCOUNTS.revenue) };
    const refused = await refund({ amount: 400 });
    expect(refused.body.error.code).toBe('CONSULTANT_PAID_OUT');
    const shortfall = refused.body.error.details.shortfall as number;
    expect(shortfall).toBeGreaterThan(0);
    expect(shortfall).toBeLessThan(400);
    const refunded = await refund({ amount: 400, absorbShortfall: true });
    expect(refunded.body).toMatchObject({ refunded: 400, shortfallAbsorbed: shortfall, userBalance: 49_400 });
    expect(await balanceOf(cast.guru.id)).toBe(0);
    expect(await balanceOf(SYSTEM_ACCOUNTS.refunds)).toBe(-shortfall);
    expect(await balanceOf(SYSTEM_ACCOUNTS.revenue)).toBe(before.revenue - (400 - shortfall));
    // What is left refunds the same way, and a consultant who still holds their share is refunded as before.
    const rest = await refund({ absorbShortfall: true });
    expect(rest.body).toMatchObject({ refunded: 600, userBalance: 50_000 });
    expect(await balanceOf(cast.guru.id)).toBe(0);
    expect(await balanceOf(SYSTEM_ACCOUNTS.refunds)).toBe(-share);
  });
});
