import { createBillingEngine } from '@jyotishconnect/billing-engine';
import { CrashableClock, createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import type { ManualClock } from '@jyotishconnect/core';
import { beforeEach, describe, expect, it } from 'vitest';

const USER = 'user:asha';
const GURU = 'consultant:guru';

describe('restarts and takeovers', () => {
  let billing: TestBilling;
  let clock: ManualClock;

  /** An engine on its own killable clock, as one process would be. */
  function engine(engineId: string, config: Record<string, number> = {}) {
    const processClock = new CrashableClock(clock);
    const created = createBillingEngine({
      wallet: billing.wallet,
      store: billing.store,
      clock: processClock,
      rates: billing.rates,
      config: { engineId, takeoverScanMs: 0, ...config },
    });
    return Object.assign(created, { crash: () => processClock.crash() });
  }

  async function advance(ms: number, ...engines: Array<{ idle(): Promise<void> }>) {
    await clock.advance(ms);
    for (const e of engines) await e.idle();
  }

  beforeEach(async () => {
    billing = await createTestBilling();
    clock = billing.clock;
    await billing.engine.close();
    await billing.addUser(USER, 10_000);
    await billing.addConsultant(GURU, { chat: 1_000 });
  });

  async function startOn(e: ReturnType<typeof engine>) {
    const requested = await e.request({ userId: USER, consultantId: GURU, service: 'chat' });
    return await e.accept(requested.id, GURU);
  }

  it('restore() resumes active sessions, and the time the service was down is not charged', async () => {
    const a = engine('engine:a');
    const session = await startOn(a);
    await advance(20_000, a); // interval 1 charged at 15 s, then the process dies at 20 s
    a.crash();
    await clock.advance(20_000);
    const b = engine('engine:a');
    expect(await b.restore()).toBe(1);
    await advance(15_000, b);
    const ended = await b.end(session.id, USER);
    // Served and billed: 0–15 s and 40–55 s. The interval open at the crash is not charged.
    expect(ended.summary).toMatchObject({ secondsBilled: 30, totalCharged: 500, intervals: 2 });
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ balance: 9_500, held: 0 });
  });

  it('with checkpoints, the wallet moves once an interval, and a restore charges up to the last checkpoint', async () => {
    const config = { intervalSeconds: 60, checkpointSeconds: 15 };
    const a = engine('engine:a', config);
    const session = await startOn(a);
    const startedAt = clock.now();
    await advance(40_000, a); // checkpoints written at 15 s and 30 s; the process dies at 40 s
    a.crash();
    expect((await billing.store.getSession(session.id))?.checkpointAt).toBe(startedAt + 30_000);
    // A checkpoint writes the record alone: one minute's hold, nothing captured yet.
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ balance: 10_000, held: 1_000 });
    await clock.advance(20_000);
    const b = engine('engine:a', config);
    expect(await b.restore()).toBe(1);
    await advance(15_000, b);
    const ended = await b.end(session.id, USER);
    // Billed: 0–30 s (up to the checkpoint, not the 10 s after it) and 60–75 s.
    expect(ended.summary).toMatchObject({ secondsBilled: 45, totalCharged: 750, intervals: 2 });
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ balance: 9_250, held: 0 });
  });

  it('restore() resumes every session of a restarted engine, however many', async () => {
    const a = engine('engine:a', { maxSessionsPerConsultant: 1_200 });
    for (let i = 0; i < 1_200; i++) {
      await billing.addUser(`user:${i}`, 10_000);
      const requested = await a.request({ userId: `user:${i}`, consultantId: GURU, service: 'chat' });
      await a.accept(requested.id, GURU);
    }
    a.crash();
    await clock.advance(5_000);
    const b = engine('engine:a', { maxSessionsPerConsultant: 1_200 });
    expect(await b.restore()).toBe(1_200);
    await advance(15_000, b);
    expect((await billing.wallet.getAccount('user:1199'))?.balance).toBe(10_000 - 250);
  });

  it('a session down longer than the grace period ends as interrupted', async () => {
    const a = engine('engine:a');
    const session = await startOn(a);
    await advance(20_000, a);
    a.crash();
    await clock.advance(61_000);
    const b = engine('engine:a');
    await b.restore();
    expect(await b.getSession(session.id)).toMatchObject({
      status: 'ended',
      endReason: 'interrupted',
      summary: { secondsBilled: 15, totalCharged: 250 },
    });
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ balance: 9_750, held: 0 });
  });

  it('the hold of a crashed process expires by itself', async () => {
    const a = engine('engine:a');
    await startOn(a);
    await advance(20_000, a);
    a.crash();
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ held: 250 });
    await clock.advance(40_000); // interval 2 ended at 30 s; its hold expires 30 s later
    await billing.wallet.expireHolds();
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ balance: 9_750, held: 0 });
  });

  it('another engine takes a session over once its lease expires', async () => {
    const a = engine('engine:a');
    const b = engine('engine:b', { takeoverScanMs: 5_000 });
    const session = await startOn(a);
    await advance(20_000, a, b);
    expect(b.drivenSessions).toBe(0);
    a.crash();
    // a's lease ran to the end of interval 2 (30 s) plus 30 s: b's scan at 60 s takes the session over.
    await advance(39_999, b);
    expect(b.drivenSessions).toBe(0);
    await advance(1, b);
    expect(b.drivenSessions).toBe(1);
    await advance(20_000, b);
    const ended = await b.end(session.id, USER);
    // Billed: 0–15 s on a, 60–80 s on b.
    expect(ended.summary).toMatchObject({ secondsBilled: 35, totalCharged: 583 });
  });

  it('a live lease is not taken over, and an action on another engine moves the session there', async () => {
    const a = engine('engine:a', { takeoverScanMs: 5_000 });
    const b = engine('engine:b', { takeoverScanMs: 5_000 });
    const session = await startOn(a);
    await advance(100_000, a, b);
    expect([a.drivenSessions, b.drivenSessions]).toEqual([1, 0]);
    await b.pause(session.id, USER);
    await b.resume(session.id, USER);
    await advance(15_000, a, b);
    expect([a.drivenSessions, b.drivenSessions]).toEqual([0, 1]);
    const ended = await a.end(session.id, GURU);
    expect(ended.summary.secondsBilled).toBe(115);
    expect(ended.summary.totalCharged).toBe(1_916);
  });
});
