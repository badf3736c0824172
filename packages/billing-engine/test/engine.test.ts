import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { beforeEach, describe, expect, it } from 'vitest';
import { dueAt } from '../src/proration.js';

const USER = 'user:asha';
const GURU = 'consultant:guru';

async function balance(billing: TestBilling, id: string) {
  return (await billing.wallet.getAccount(id)) ?? { balance: 0, available: 0, held: 0 };
}

async function start(billing: TestBilling, userId = USER, consultantId = GURU) {
  const requested = await billing.engine.request({ userId, consultantId, service: 'chat' });
  return await billing.engine.accept(requested.id, consultantId);
}

describe('the README example', () => {
  it('30 minutes at Rs 25/min with 12% commission charges 75,000 paise: 66,000 to the consultant, 9,000 commission', async () => {
    const billing = await createTestBilling({ config: { commissionBps: 1_200 } });
    await billing.addUser(USER, 100_000);
    await billing.addConsultant(GURU, { chat: 2_500 });

    const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
    await billing.engine.accept(requested.id, GURU);
    await billing.advance(30 * 60_000);
    const ended = await billing.engine.end(requested.id, USER);

    expect(ended.summary).toEqual({
      secondsBilled: 1_800,
      totalCharged: 75_000,
      userCharged: 75_000,
      promoCharged: 0,
      consultantShare: 66_000,
      commission: 9_000,
      freeSeconds: 0,
      intervals: 120,
    });
    expect(await balance(billing, USER)).toMatchObject({ balance: 25_000, held: 0 });
    expect((await balance(billing, GURU)).balance).toBe(66_000);
    expect((await balance(billing, SYSTEM_ACCOUNTS.revenue)).balance).toBe(9_000);
    expect(await billing.wallet.verify()).toMatchObject({ ok: true, total: 0 });
  });
});

describe('configuration', () => {
  it('is validated, and an error names the field', async () => {
    const { createBillingEngine } = await import('@jyotishconnect/billing-engine');
    const billing = await createTestBilling();
    const make = (config: object) => () =>
      createBillingEngine({ wallet: billing.wallet, store: billing.store, config: config as never });
    expect(make({ intervalSeconds: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'config.intervalSeconds' } }),
    );
    expect(make({ rates: { 'consultant:guru': { chat: -1 } } })).toThrow(
      expect.objectContaining({ details: { field: 'config.rates.consultant:guru.chat' } }),
    );
    expect(make({ intervalSecs: 15 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(make({ intervalSeconds: 60, checkpointSeconds: 60 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'config.checkpointSeconds' } }),
    );
    expect(make({ intervalSeconds: 60, checkpointSeconds: 15 }).call(null).config.checkpointSeconds).toBe(15);
    expect(make({}).call(null).config).toMatchObject({
      intervalSeconds: 15,
      commissionBps: 2_000,
      pauseGraceMs: 60_000,
    });
  });
});

describe('billing engine', () => {
  let billing: TestBilling;
  beforeEach(async () => {
    billing = await createTestBilling({ config: { commissionBps: 2_000 } });
    await billing.addUser(USER, 10_000);
    await billing.addConsultant(GURU, { chat: 1_000, voice: 1_700 });
  });

  describe('requests', () => {
    it('nothing is charged before the consultant accepts', async () => {
      await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
      await billing.advance(30_000);
      expect(await balance(billing, USER)).toMatchObject({ balance: 10_000, held: 0 });
    });

    it('an unanswered request expires after the timeout and frees the consultant', async () => {
      const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
      await billing.advance(59_999);
      expect((await billing.engine.getSession(requested.id))?.status).toBe('requested');
      await billing.advance(1);
      expect(await billing.engine.getSession(requested.id)).toMatchObject({ status: 'ended', endReason: 'expired' });
      expect((await billing.engine.consultantStatus(GURU)).busy).toBe(false);
      await expect(billing.engine.accept(requested.id, GURU)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    });

    it('the user may cancel before acceptance, not after', async () => {
      const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
      expect(await billing.engine.cancel(requested.id, USER)).toMatchObject({ endReason: 'cancelled' });
      const again = await start(billing);
      await expect(billing.engine.cancel(again.id, USER)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    });

    it('the consultant may reject; only the consultant may accept or reject', async () => {
      const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
      await expect(billing.engine.accept(requested.id, USER)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
      await expect(billing.engine.reject(requested.id, 'consultant:other')).rejects.toMatchObject({
        code: 'NOT_A_PARTICIPANT',
      });
      expect(await billing.engine.reject(requested.id, GURU)).toMatchObject({ endReason: 'rejected' });
    });

    it('the payer must be a user and the payee a consultant', async () => {
      await billing.addConsultant('consultant:other', { chat: 500 });
      await expect(
        billing.engine.request({ userId: 'consultant:other', consultantId: GURU, service: 'chat' }),
      ).rejects.toMatchObject({ code: 'INVALID_ROLE' });
      await billing.addUser('user:ravi', 10_000);
      billing.rates.set('user:ravi', { chat: 100 });
      await expect(
        billing.engine.request({ userId: USER, consultantId: 'user:ravi', service: 'chat' }),
      ).rejects.toMatchObject({ code: 'INVALID_ROLE' });
    });

    it('a user has one pending or active session at a time', async () => {
      await billing.addConsultant('consultant:other', { chat: 500 });
      await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
      await expect(
        billing.engine.request({ userId: USER, consultantId: 'consultant:other', service: 'chat' }),
      ).rejects.toMatchObject({ code: 'USER_BUSY' });
    });

    it('a busy consultant takes no more requests than their capacity', async () => {
      await billing.addUser('user:ravi', 10_000);
      await start(billing);
      expect(await billing.engine.consultantStatus(GURU)).toMatchObject({ busy: true, openSessions: 1 });
      await expect(
        billing.engine.request({ userId: 'user:ravi', consultantId: GURU, service: 'chat' }),
      ).rejects.toMatchObject({ code: 'CONSULTANT_BUSY' });
    });

    it('a wallet that does not cover the minimum cannot start', async () => {
      await billing.addUser('user:poor', 999);
      await expect(
        billing.engine.request({ userId: 'user:poor', consultantId: GURU, service: 'chat' }),
      ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { required: 1_000, available: 999 } });
    });

    it('a service the consultant does not offer cannot be requested', async () => {
      await expect(
        billing.engine.request({ userId: USER, consultantId: GURU, service: 'video' }),
      ).rejects.toMatchObject({
        code: 'SERVICE_NOT_OFFERED',
      });
    });

    it('the rate and commission are fixed when the session is requested', async () => {
      const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'voice' });
      billing.rates.set(GURU, { voice: 9_999, commissionBps: 5_000 });
      const accepted = await billing.engine.accept(requested.id, GURU);
      expect(accepted).toMatchObject({ ratePerMinute: 1_700, commissionBps: 2_000 });
    });

    it('a participant may read a session, nobody else', async () => {
      const session = await start(billing);
      expect(await billing.engine.getSession(session.id, USER)).toMatchObject({ id: session.id });
      await expect(billing.engine.getSession(session.id, 'user:ravi')).rejects.toMatchObject({
        code: 'NOT_A_PARTICIPANT',
      });
      await expect(billing.engine.end(session.id, 'user:ravi')).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    });
  });

  describe('charging', () => {
    it('each interval is reserved when it starts and captured when it ends', async () => {
      const session = await start(billing);
      expect(await balance(billing, USER)).toMatchObject({ balance: 10_000, held: 250, available: 9_750 });
      await billing.advance(15_000);
      expect(await balance(billing, USER)).toMatchObject({ balance: 9_750, held: 250 });
      const hold = await billing.wallet.getHold(`${session.id}:1`);
      expect(hold).toMatchObject({ status: 'captured', capturedAmount: 250 });
      expect(await billing.wallet.getTransaction(`${session.id}:1`)).toMatchObject({ kind: 'split' });
    });

    it('an early end charges only the whole seconds served, and releases the rest of the hold', async () => {
      const session = await start(billing);
      await billing.advance(15_000 + 7_999);
      const ended = await billing.engine.end(session.id, GURU);
      expect(ended).toMatchObject({ endReason: 'consultant', summary: { secondsBilled: 22, totalCharged: 366 } });
      expect(await balance(billing, USER)).toMatchObject({ balance: 10_000 - 366, held: 0 });
      expect(await balance(billing, GURU)).toMatchObject({ balance: 366 - 73 });
    });

    it('nothing is charged while paused, and billing resumes with a fresh interval', async () => {
      const session = await start(billing);
      await billing.advance(10_500);
      await billing.engine.pause(session.id, USER);
      await billing.advance(40_000);
      expect(await balance(billing, USER)).toMatchObject({ balance: 10_000 - dueAt(1_000, 10), held: 0 });
      await billing.engine.resume(session.id, USER);
      await billing.advance(20_000);
      const ended = await billing.engine.end(session.id);
      // 10.5 s + 20 s served: the half second carries over into the cumulative total.
      expect(ended.summary).toMatchObject({ secondsBilled: 30, totalCharged: dueAt(1_000, 30) });
      expect(ended.endReason).toBe('host');
    });

    it('a session paused longer than the grace period ends for inactivity', async () => {
      const session = await start(billing);
      await billing.engine.pause(session.id);
      await billing.advance(60_000);
      expect(await billing.engine.getSession(session.id)).toMatchObject({ status: 'ended', endReason: 'inactivity' });
    });

    it('when the next interval cannot be paid the session bills what the balance covers and ends', async () => {
      await billing.addUser('user:ravi', 1_234);
      const session = await start(billing, 'user:ravi');
      await billing.advance(5 * 60_000);
      const ended = await billing.engine.getSession(session.id);
      // 1,234 paise at 1,000 a minute pay for 74 seconds (1,233 paise); the 75th would cost 1,250.
      expect(ended).toMatchObject({
        endReason: 'insufficient_funds',
        summary: { secondsBilled: 74, totalCharged: 1_233 },
      });
      expect(await balance(billing, 'user:ravi')).toMatchObject({ balance: 1, held: 0 });
    });

    it('low balance fires once when the wallet drops below the threshold, and again after a top-up', async () => {
      await billing.addUser('user:ravi', 3_000);
      const lows: number[] = [];
      billing.engine.on('session.lowBalance', (event) => lows.push(event.secondsLeft));
      const session = await start(billing, 'user:ravi');
      await billing.advance(90_000);
      expect(lows).toEqual([105]);
      await billing.wallet.topUp({ id: 'topup:ravi', to: 'user:ravi', amount: 10_000 });
      await billing.advance(15_000);
      expect(lows).toHaveLength(1);
      // 13,000 paise in all pay for 780 s; the second warning comes at 675 s.
      await billing.advance(12 * 60_000);
      expect(lows).toEqual([105, 105]);
      expect((await billing.engine.getSession(session.id))?.endReason).toBe('insufficient_funds');
    });

    it('a session ends at its maximum duration', async () => {
      billing = await createTestBilling({ config: { maxDurationSeconds: 100 } });
      await billing.addUser(USER, 10_000);
      await billing.addConsultant(GURU, { chat: 600 });
      const session = await start(billing);
      await billing.advance(200_000);
      expect(await billing.engine.getSession(session.id)).toMatchObject({
        endReason: 'max_duration',
        summary: { secondsBilled: 100, totalCharged: 1_000, intervals: 7 },
      });
    });

    it("a user's first consultation has free seconds paid by promotions, and the consultant is still paid", async () => {
      billing = await createTestBilling({ config: { firstConsultationFreeSeconds: 100, commissionBps: 1_000 } });
      await billing.addUser(USER, 10_000);
      await billing.addConsultant(GURU, { chat: 600 });
      const first = await start(billing);
      await billing.advance(160_000);
      const ended = await billing.engine.end(first.id, USER);
      expect(ended.summary).toMatchObject({
        secondsBilled: 160,
        totalCharged: 1_600,
        promoCharged: 1_000,
        userCharged: 600,
        freeSeconds: 100,
        consultantShare: 1_440,
        commission: 160,
      });
      expect((await balance(billing, SYSTEM_ACCOUNTS.promotions)).balance).toBe(-1_000);
      const second = await start(billing);
      expect(second.freeSeconds).toBe(0);
      expect(await billing.wallet.verify()).toMatchObject({ ok: true });
    });

    it('an account that stops being a user is never debited: the session ends with invalid_role', async () => {
      const roles = new Map([
        [USER, 'user'],
        [GURU, 'consultant'],
      ]);
      billing = await createTestBilling({ config: {} });
      const engine = billing.engine;
      await engine.close();
      const { createBillingEngine } = await import('@jyotishconnect/billing-engine');
      const withRoles = createBillingEngine({
        wallet: billing.wallet,
        store: billing.store,
        clock: billing.clock,
        rates: billing.rates,
        config: { takeoverScanMs: 0 },
        roleOf: (id) => roles.get(id) ?? null,
      });
      await billing.addUser(USER, 10_000);
      await billing.addConsultant(GURU, { chat: 1_000 });
      const requested = await withRoles.request({ userId: USER, consultantId: GURU, service: 'chat' });
      await withRoles.accept(requested.id, GURU);
      await billing.clock.advance(15_000);
      await withRoles.idle();
      roles.set(USER, 'consultant');
      await billing.clock.advance(15_000);
      await withRoles.idle();
      expect(await withRoles.getSession(requested.id)).toMatchObject({
        endReason: 'invalid_role',
        summary: { secondsBilled: 15, totalCharged: 250 },
      });
      expect(await balance(billing, USER)).toMatchObject({ balance: 9_750, held: 0 });
    });
  });

  describe('events', () => {
    it('a session reports requested, accepted, started, ticks and ended with its summary', async () => {
      const seen: string[] = [];
      for (const name of ['session.requested', 'session.accepted', 'session.started', 'session.paused'] as const) {
        billing.engine.on(name, () => seen.push(name));
      }
      billing.engine.on('session.tick', (tick) => seen.push(`tick ${tick.interval} ${tick.userCharged}`));
      billing.engine.on('session.ended', (end) => seen.push(`ended ${end.summary.totalCharged}`));
      const session = await start(billing);
      await billing.advance(31_000);
      await billing.engine.end(session.id, USER);
      expect(seen).toEqual([
        'session.requested',
        'session.accepted',
        'session.started',
        'tick 1 250',
        'tick 2 250',
        'tick 3 16',
        'ended 516',
      ]);
    });
  });
});
