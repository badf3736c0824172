import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { beforeEach, describe, expect, it } from 'vitest';
import { type BillingEngine, createBillingEngine } from '../src/engine.js';
import type { Promotion } from '../src/promotion.js';

const [USER, GURU, OTHER] = ['user:asha', 'consultant:guru', 'consultant:other'];

describe('free seconds: the first consultation and consultant promotions', () => {
  let billing: TestBilling;
  let engine: BillingEngine;
  /** Promotions by consultant, as a host's settings would answer. */
  let promotions: Map<string, Promotion>;

  beforeEach(async () => {
    billing = await createTestBilling();
    await billing.engine.close();
    promotions = new Map();
    engine = createBillingEngine({
      wallet: billing.wallet,
      store: billing.store,
      clock: billing.clock,
      rates: billing.rates,
      config: { takeoverScanMs: 0, firstConsultationFreeSeconds: 60, commissionBps: 1_000, intervalSeconds: 15 },
      promotionOf: (consultantId) => promotions.get(consultantId) ?? null,
    });
    await billing.addUser(USER, 10_000);
    await billing.addConsultant(GURU, { chat: 600 });
    await billing.addConsultant(OTHER, { chat: 600 });
  });

  async function consult(consultantId: string, seconds: number) {
    const requested = await engine.request({ userId: USER, consultantId, service: 'chat' });
    await engine.accept(requested.id, consultantId);
    await billing.clock.advance(seconds * 1_000);
    await engine.idle();
    return { requested, ended: await engine.end(requested.id, USER) };
  }

  it('the larger of the first-consultation seconds and the promotion applies; they never add up', async () => {
    promotions.set(GURU, { freeSeconds: 120 });
    const { requested, ended } = await consult(GURU, 150);
    expect(requested.freeSeconds).toBe(120);
    expect(ended.summary).toMatchObject({
      secondsBilled: 150,
      freeSeconds: 120,
      promoCharged: 1_200,
      userCharged: 300,
    });
    await engine.close();
  });

  it('free seconds then paid seconds: the promotions account pays the first, the user the rest, to the paisa', async () => {
    const before = (await billing.wallet.getAccount(USER))?.balance ?? 0;
    const { ended } = await consult(GURU, 100);
    expect(ended.summary).toMatchObject({ freeSeconds: 60, promoCharged: 600, userCharged: 400, totalCharged: 1_000 });
    expect((await billing.wallet.getAccount(USER))?.balance).toBe(before - 400);
    expect((await billing.wallet.getAccount(SYSTEM_ACCOUNTS.promotions))?.balance).toBe(-600);
    expect(await billing.wallet.verify()).toMatchObject({ ok: true });
    await engine.close();
  });

  it("a consultant's promotion is for a user's first consultation with them: the next is paid in full", async () => {
    promotions.set(GURU, { freeSeconds: 30 });
    expect(await engine.freeSecondsFor(USER, GURU)).toBe(60);
    await consult(OTHER, 20);
    expect(await engine.freeSecondsFor(USER, GURU)).toBe(30);
    expect(await engine.freeSecondsFor(USER, OTHER)).toBe(0); // the first consultation's 60 free seconds are used here
    const { requested, ended } = await consult(GURU, 40);
    expect(requested.freeSeconds).toBe(30);
    expect(ended.summary).toMatchObject({ promoCharged: 300, userCharged: 100 });
    promotions.set(GURU, { freeSeconds: 45 }); // a new promotion is still for new clients only
    expect(await engine.freeSecondsFor(USER, GURU)).toBe(0);
    const again = await consult(GURU, 40);
    expect(again.requested.freeSeconds).toBe(0);
    expect(again.ended.summary).toMatchObject({ promoCharged: 0, userCharged: 400 });
    await engine.close();
  });

  it('a request that expired unanswered does not use up the promotion', async () => {
    promotions.set(GURU, { freeSeconds: 90 });
    const unanswered = await engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
    await billing.clock.advance(60_000);
    await engine.idle();
    expect(await engine.getSession(unanswered.id)).toMatchObject({ endReason: 'expired', freeSeconds: 90 });
    const { requested } = await consult(GURU, 10);
    expect(requested.freeSeconds).toBe(90);
    await engine.close();
  });

  it('a promotion that is not a whole number of seconds is refused before anything is written', async () => {
    promotions.set(GURU, { freeSeconds: 1.5 });
    await expect(engine.request({ userId: USER, consultantId: GURU, service: 'chat' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await engine.openSessionOf(USER)).toBeNull();
    await engine.close();
  });
});
