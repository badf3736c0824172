import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../src/events.js';
import { closingCharge } from '../src/interval.js';
import { dueAt } from '../src/proration.js';

const USER = 'user:asha';
const GURU = 'consultant:guru';
const CHAT = 1_000;
const VOICE = 1_700;
const VIDEO = 3_000;

async function account(billing: TestBilling, id: string) {
  return (await billing.wallet.getAccount(id)) ?? { balance: 0, available: 0, held: 0 };
}

async function startChat(billing: TestBilling): Promise<Session> {
  const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
  return await billing.engine.accept(requested.id, GURU);
}

/** Every paisa the user paid went to the consultant and the platform, and no hold is left. */
async function expectSettled(billing: TestBilling, startBalance: number, total: number) {
  expect(await account(billing, USER)).toMatchObject({ balance: startBalance - total, held: 0 });
  const guru = (await account(billing, GURU)).balance;
  const revenue = (await account(billing, SYSTEM_ACCOUNTS.revenue)).balance;
  expect(guru + revenue).toBe(total);
  expect(await billing.wallet.verify()).toMatchObject({ ok: true, total: 0 });
}

describe('switching a consultation to another service', () => {
  let billing: TestBilling;
  beforeEach(async () => {
    billing = await createTestBilling({ config: { commissionBps: 2_000 } });
    await billing.addUser(USER, 20_000);
    await billing.addConsultant(GURU, { chat: CHAT, voice: VOICE, video: VIDEO });
  });

  it('bills the chat rate before the switch and the video rate after it, exactly', async () => {
    const session = await startChat(billing);
    await billing.advance(37_500);
    const offered = await billing.engine.offerService(session.id, GURU, 'video');
    expect(offered).toMatchObject({ service: 'chat', offeredService: 'video', ratePerMinute: CHAT });
    const switched = await billing.engine.acceptService(session.id, USER, 'video');
    expect(switched).toMatchObject({ service: 'video', offeredService: null, ratePerMinute: VIDEO });
    // The 37 whole seconds of chat are charged when the switch closes their interval.
    expect(switched.summary.totalCharged).toBe(dueAt(CHAT, 37));
    await billing.advance(50_000);
    const ended = await billing.engine.end(session.id, USER);
    // 87.5 s served: 37 s of chat, then 87 − 37 = 50 s of video.
    const total = dueAt(CHAT, 37) + dueAt(VIDEO, 50);
    expect(ended.summary).toMatchObject({ secondsBilled: 87, totalCharged: total, userCharged: total });
    expect(ended.summary.commission).toBe(Math.floor((total * 2_000) / 10_000));
    await expectSettled(billing, 20_000, total);
  });

  it('tells both sides: serviceOffered, then serviceChanged', async () => {
    const seen: string[] = [];
    billing.engine.on('session.serviceOffered', (s) => seen.push(`offered:${s.offeredService}`));
    billing.engine.on('session.serviceChanged', (s) => seen.push(`changed:${s.service}`));
    const session = await startChat(billing);
    await billing.engine.offerService(session.id, GURU, 'voice');
    await billing.engine.offerService(session.id, GURU, 'voice');
    await billing.engine.acceptService(session.id, USER, 'voice');
    expect(seen).toEqual(['offered:voice', 'changed:voice']);
  });

  it('switches twice (chat → voice → video), each rate from its own switch', async () => {
    const session = await startChat(billing);
    await billing.advance(20_000);
    await billing.engine.offerService(session.id, GURU, 'voice');
    await billing.engine.acceptService(session.id, USER, 'voice');
    await billing.advance(31_000);
    await billing.engine.offerService(session.id, GURU, 'video');
    await billing.engine.acceptService(session.id, USER, 'video');
    await billing.advance(9_000);
    const ended = await billing.engine.end(session.id, GURU);
    const total = dueAt(CHAT, 20) + dueAt(VOICE, 31) + dueAt(VIDEO, 9);
    expect(ended.summary).toMatchObject({ secondsBilled: 60, totalCharged: total });
    await expectSettled(billing, 20_000, total);
  });

  it('a paused session switches at once and resumes at the new rate', async () => {
    const session = await startChat(billing);
    await billing.advance(10_000);
    await billing.engine.pause(session.id, USER);
    await billing.engine.offerService(session.id, GURU, 'voice');
    expect(await billing.engine.acceptService(session.id, USER, 'voice')).toMatchObject({
      status: 'paused',
      service: 'voice',
    });
    await billing.advance(5_000);
    await billing.engine.resume(session.id, USER);
    await billing.advance(20_000);
    const ended = await billing.engine.end(session.id, USER);
    const total = dueAt(CHAT, 10) + dueAt(VOICE, 20);
    expect(ended.summary).toMatchObject({ secondsBilled: 30, totalCharged: total });
    await expectSettled(billing, 20_000, total);
  });

  it('two switches while paused: the interval before them keeps its rate, the session resumes at the last', async () => {
    const session = await startChat(billing);
    await billing.advance(20_500);
    await billing.engine.pause(session.id, USER);
    await billing.engine.offerService(session.id, GURU, 'voice');
    await billing.engine.acceptService(session.id, USER, 'voice');
    await billing.engine.offerService(session.id, GURU, 'video');
    const switched = await billing.engine.acceptService(session.id, USER, 'video');
    expect(switched).toMatchObject({ status: 'paused', service: 'video', ratePerMinute: VIDEO });
    // The interval the pause closed (15 s to 20.5 s) is still priced, were its settlement replayed, at the chat rate.
    const record = await billing.store.getSession(session.id);
    expect(record && closingCharge(record).user).toBe(dueAt(CHAT, 20) - dueAt(CHAT, 15));
    await billing.engine.resume(session.id, USER);
    await billing.advance(10_000);
    const ended = await billing.engine.end(session.id, USER);
    // 30.5 s served: 20 s of chat, then 30 − 20 = 10 s of video; the voice rate priced nothing.
    const total = dueAt(CHAT, 20) + dueAt(VIDEO, 10);
    expect(ended.summary).toMatchObject({ secondsBilled: 30, totalCharged: total });
    await expectSettled(billing, 20_000, total);
  });

  it('an interval cut in the second it opened releases the hold it was placed with, at the old rate', async () => {
    // Interval 2 opens at 15 s with a full chat hold; a switch to a near-free rate cuts it at once.
    // Its hold was placed at the chat rate, so it must be released even though the new rate holds nothing.
    const cheap = await createTestBilling({ config: { commissionBps: 2_000 } });
    await cheap.addUser(USER, 20_000);
    await cheap.addConsultant(GURU, { chat: CHAT, voice: 1 });
    const session = await startChat(cheap);
    await cheap.advance(15_000);
    expect((await account(cheap, USER)).held).toBe(dueAt(CHAT, 15));
    await cheap.engine.offerService(session.id, GURU, 'voice');
    await cheap.engine.acceptService(session.id, USER, 'voice');
    expect((await account(cheap, USER)).held).toBe(0);
    await cheap.advance(30_000);
    const ended = await cheap.engine.end(session.id, USER);
    const total = dueAt(CHAT, 15) + dueAt(1, 30);
    expect(ended.summary).toMatchObject({ secondsBilled: 45, totalCharged: total });
    await expectSettled(cheap, 20_000, total);
  });

  it('free seconds run on across the switch, at the new rate', async () => {
    const promo = await createTestBilling({ config: { commissionBps: 2_000, firstConsultationFreeSeconds: 60 } });
    await promo.addUser(USER, 20_000);
    await promo.addConsultant(GURU, { chat: CHAT, video: VIDEO });
    await promo.wallet.topUp({ id: 'fund-promotions', to: SYSTEM_ACCOUNTS.promotions, amount: 100_000 });
    const session = await startChat(promo);
    await promo.advance(30_000);
    await promo.engine.offerService(session.id, GURU, 'video');
    await promo.engine.acceptService(session.id, USER, 'video');
    await promo.advance(60_000);
    const ended = await promo.engine.end(session.id, USER);
    expect(ended.summary).toMatchObject({
      secondsBilled: 90,
      promoCharged: dueAt(CHAT, 30) + dueAt(VIDEO, 30),
      userCharged: dueAt(VIDEO, 30),
    });
    expect(await promo.wallet.verify()).toMatchObject({ ok: true, total: 0 });
  });

  it('the same service again changes nothing, and a repeated accept charges nothing more', async () => {
    const session = await startChat(billing);
    const stored = async () => await billing.store.getSession(session.id);
    const before = await stored();
    expect(await billing.engine.offerService(session.id, GURU, 'chat')).toMatchObject({ offeredService: null });
    expect(await billing.engine.acceptService(session.id, USER, 'chat')).toMatchObject({ service: 'chat' });
    expect((await stored())?.version).toBe(before?.version);
    await billing.engine.offerService(session.id, GURU, 'video');
    const first = await billing.engine.acceptService(session.id, USER, 'video');
    const again = await billing.engine.acceptService(session.id, USER, 'video');
    expect(again.summary).toEqual(first.summary);
    // Still nothing once another offer is pending.
    await billing.engine.offerService(session.id, GURU, 'voice');
    const pending = await billing.engine.acceptService(session.id, USER, 'video');
    expect(pending).toMatchObject({ service: 'video', offeredService: 'voice', summary: first.summary });
    expect((await stored())?.rateFromSeconds).toBe(0);
  });

  it('two accepts at once switch once, and the seconds are charged once', async () => {
    const session = await startChat(billing);
    await billing.advance(12_000);
    await billing.engine.offerService(session.id, GURU, 'video');
    const both = await Promise.all([
      billing.engine.acceptService(session.id, USER, 'video'),
      billing.engine.acceptService(session.id, USER, 'video'),
    ]);
    expect(both.map((s) => s.summary.totalCharged)).toEqual([dueAt(CHAT, 12), dueAt(CHAT, 12)]);
    await billing.advance(18_000);
    const ended = await billing.engine.end(session.id, USER);
    const total = dueAt(CHAT, 12) + dueAt(VIDEO, 18);
    expect(ended.summary).toMatchObject({ secondsBilled: 30, totalCharged: total });
    await expectSettled(billing, 20_000, total);
  });

  it('only the consultant offers, only the user accepts, and only what was offered', async () => {
    const session = await startChat(billing);
    await expect(billing.engine.offerService(session.id, USER, 'video')).rejects.toMatchObject({
      code: 'NOT_A_PARTICIPANT',
    });
    await expect(billing.engine.acceptService(session.id, USER, 'video')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await billing.engine.offerService(session.id, GURU, 'voice');
    await expect(billing.engine.acceptService(session.id, GURU, 'voice')).rejects.toMatchObject({
      code: 'NOT_A_PARTICIPANT',
    });
    await expect(billing.engine.acceptService(session.id, USER, 'video')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(billing.engine.offerService(session.id, GURU, 'telepathy' as never)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await billing.engine.getSession(session.id)).toMatchObject({ service: 'chat', offeredService: 'voice' });
  });

  it('a service the consultant has no rate for cannot be offered', async () => {
    billing.rates.set(GURU, { chat: CHAT });
    const session = await startChat(billing);
    await expect(billing.engine.offerService(session.id, GURU, 'video')).rejects.toMatchObject({
      code: 'SERVICE_NOT_OFFERED',
    });
  });

  it('requests and ended sessions cannot switch', async () => {
    const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
    await expect(billing.engine.offerService(requested.id, GURU, 'video')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await billing.engine.accept(requested.id, GURU);
    await billing.engine.offerService(requested.id, GURU, 'video');
    await billing.engine.end(requested.id, USER);
    await expect(billing.engine.acceptService(requested.id, USER, 'video')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('a wallet that does not cover the minimum at the new rate is refused, and nothing changes', async () => {
    const poor = await createTestBilling({ config: { commissionBps: 2_000, minimumBalanceSeconds: 60 } });
    // Covers a minute of chat (1,000) with room, but not a minute of video (3,000).
    await poor.addUser(USER, 2_500);
    await poor.addConsultant(GURU, { chat: CHAT, video: VIDEO });
    const session = await startChat(poor);
    await poor.advance(6_000);
    await poor.engine.offerService(session.id, GURU, 'video');
    const before = await poor.store.getSession(session.id);
    await expect(poor.engine.acceptService(session.id, USER, 'video')).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    });
    expect(await poor.store.getSession(session.id)).toEqual(before);
    await poor.advance(24_000);
    const ended = await poor.engine.end(session.id, USER);
    expect(ended.summary).toMatchObject({ secondsBilled: 30, totalCharged: dueAt(CHAT, 30) });
    await expectSettled(poor, 2_500, dueAt(CHAT, 30));
  });
});
