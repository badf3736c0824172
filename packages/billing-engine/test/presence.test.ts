import { type BillingEngine, createBillingEngine } from '@jyotishconnect/billing-engine';
import { CrashableClock, createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { isJyotishError, ManualClock } from '@jyotishconnect/core';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore, type MemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { beforeEach, describe, expect, it } from 'vitest';
import { intercepted } from './intercepted.js';

const USER = 'user:asha';
const GURU = 'consultant:guru';

describe('billing follows presence, restarts and freezes', () => {
  let billing: TestBilling;
  let clock: ManualClock;
  let walletStore: MemoryWalletStore;
  /** Who is connected, as a transport would report it. */
  let connected: Set<string>;
  /** The instant each test starts at. */
  let t0: number;

  beforeEach(async () => {
    walletStore = createMemoryWalletStore();
    clock = new ManualClock();
    billing = await createTestBilling({ clock, wallet: createWallet({ store: walletStore, clock }) });
    await billing.engine.close();
    await billing.addUser(USER, 100_000);
    await billing.addConsultant(GURU, { chat: 1_000 });
    connected = new Set([USER, GURU]);
    t0 = clock.now();
  });

  /** An engine on its own killable clock, as one process would be, with the transport's presence. */
  function engine(engineId = 'engine:a', wallet: Wallet = billing.wallet, config: Record<string, number> = {}) {
    const processClock = new CrashableClock(clock);
    const created = createBillingEngine({
      wallet,
      store: billing.store,
      clock: processClock,
      rates: billing.rates,
      presence: { latestAbsence: (id) => (connected.has(id) ? null : { since: undefined, until: null }) },
      config: { engineId, takeoverScanMs: 0, absenceGraceMs: 10_000, pauseGraceMs: 60_000, ...config },
    });
    return Object.assign(created, { crash: () => processClock.crash() });
  }

  async function advance(ms: number, ...engines: BillingEngine[]) {
    for (let left = ms; left > 0; left -= 1_000) {
      await clock.advance(Math.min(left, 1_000));
      for (const e of engines) await e.idle();
    }
  }

  async function start(e: BillingEngine) {
    const requested = await e.request({ userId: USER, consultantId: GURU, service: 'chat' });
    return await e.accept(requested.id, GURU);
  }

  it("a consultant's disconnect pauses billing after the grace, and their return resumes it", async () => {
    const a = engine();
    const session = await start(a);
    await advance(20_000, a);
    connected.delete(GURU);
    await a.absent(GURU);
    await advance(9_000, a);
    expect((await a.getSession(session.id))?.status).toBe('active');
    await advance(1_000, a);
    expect(await a.getSession(session.id)).toMatchObject({ status: 'paused', pausedAt: t0 + 30_000 });
    await advance(20_000, a);
    connected.add(GURU);
    await a.present(GURU);
    expect((await a.getSession(session.id))?.status).toBe('active');
    await advance(15_000, a);
    const ended = await a.end(session.id, USER);
    // Served 0–30 s and 50–65 s; nothing for the 20 s the consultant was gone past the grace.
    expect(ended.summary).toMatchObject({ secondsBilled: 45, totalCharged: 750 });
  });

  it('a return within the grace costs the session nothing', async () => {
    const a = engine();
    const session = await start(a);
    await advance(5_000, a);
    connected.delete(USER);
    await a.absent(USER);
    await advance(9_000, a);
    connected.add(USER);
    await a.present(USER);
    await advance(16_000, a);
    expect(await a.getSession(session.id)).toMatchObject({ status: 'active', summary: { secondsBilled: 30 } });
  });

  it('a restored session whose participants never come back stops billing and ends after the pause timeout', async () => {
    const a = engine();
    const session = await start(a);
    await advance(20_000, a); // interval 1 charged at 15 s
    a.crash();
    connected.clear(); // their connections died with the process
    await clock.advance(6_000);
    const b = engine();
    await b.restore();
    // Away since the last write (15 s) plus a 10 s grace: already past at 26 s, so it pauses at once.
    expect(await b.getSession(session.id)).toMatchObject({ status: 'paused' });
    await advance(120_000, b);
    const ended = await b.getSession(session.id);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'inactivity', summary: { secondsBilled: 15 } });
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ balance: 100_000 - 250, held: 0 });
  });

  it('an absence nobody reported is found at the next tick and billed only up to its grace', async () => {
    const a = engine();
    const session = await start(a);
    await advance(15_000, a); // interval 1 charged; presence checked at 15 s
    connected.delete(USER); // a crashed process took the connection; no absent() call
    await advance(15_000, a);
    // Away since 15 s at the latest: paused at 25 s.
    expect(await a.getSession(session.id)).toMatchObject({ status: 'paused', pausedAt: t0 + 25_000 });
    expect((await a.getSession(session.id))?.summary.secondsBilled).toBe(25);
  });

  it('accepting while the user has no connection pauses once the grace has passed', async () => {
    const a = engine();
    const requested = await a.request({ userId: USER, consultantId: GURU, service: 'chat' });
    connected.delete(USER);
    await advance(5_000, a);
    await a.accept(requested.id, GURU);
    await advance(30_000, a);
    // Away since the request was written (0 s): paused at 10 s, 5 s after the accept.
    expect(await a.getSession(requested.id)).toMatchObject({ status: 'paused', summary: { secondsBilled: 5 } });
  });

  it('a session accepted past the grace of an absence and restored before its first tick bills nothing', async () => {
    // The accept's wallet read is slow, so its record is written 6 s after the instant it opened interval 1.
    let slowRead: Promise<void> | null = null;
    let finishRead = () => {};
    const wallet = intercepted(billing.wallet, {
      getAccount: async (id: string) => {
        if (slowRead) await slowRead;
        return await billing.wallet.getAccount(id);
      },
    });
    const a = engine('engine:a', wallet);
    const requested = await a.request({ userId: USER, consultantId: GURU, service: 'chat' });
    connected.clear();
    await advance(30_000, a);
    slowRead = new Promise((resolve) => {
      finishRead = resolve;
    });
    const accepting = a.accept(requested.id, GURU);
    await clock.advance(6_000);
    slowRead = null;
    finishRead();
    await accepting;
    a.crash(); // before its first tick, which would have paused the session at the passed deadline
    expect(await billing.store.getSession(requested.id)).toMatchObject({
      status: 'active',
      intervalStartedAt: t0 + 30_000,
      checkpointAt: t0 + 36_000,
    });
    const b = engine();
    await b.restore();
    await advance(120_000, b);
    // Away since the request (0 s) with a 10 s grace: nothing of interval 1, opened at 30 s, is billed.
    const ended = await b.getSession(requested.id);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'inactivity', summary: { secondsBilled: 0 } });
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ balance: 100_000, held: 0 });
  });

  it('commission is rounded on the running total: at 1 s ticks the platform gets exactly 20%', async () => {
    const a = engine('engine:a', billing.wallet, { intervalSeconds: 1, commissionBps: 2_000 });
    billing.rates.set(GURU, { chat: 100 });
    const session = await start(a);
    await advance(60_000, a);
    const ended = await a.end(session.id, USER);
    expect(ended.summary).toMatchObject({ totalCharged: 100, commission: 20, consultantShare: 80 });
    expect((await billing.wallet.getAccount('system:revenue'))?.balance).toBe(20);
    expect((await billing.wallet.getAccount(GURU))?.balance).toBe(80);
  });

  it("a lapsed interval's hold is closed in the same write that charges it", async () => {
    let failCaptures = false;
    const crashingWallet = intercepted(billing.wallet, {
      captureHold: (input) =>
        failCaptures ? Promise.reject(new Error('process died')) : billing.wallet.captureHold(input),
    });
    const a = engine('engine:a', crashingWallet);
    a.on('error', () => undefined);
    const session = await start(a);
    await advance(14_000, a);
    failCaptures = true; // the record of the tick is written, then the process dies before the capture
    await advance(1_000, a);
    a.crash();
    await clock.advance(50_000); // past the hold's expiry (15 s + 30 s margin)
    const b = engine();
    await b.restore();
    const holdId = `${session.id}:1`;
    expect((await walletStore.getHold(holdId))?.hold.status).toBe('expired');
    expect((await billing.wallet.getTransaction(holdId))?.kind).toBe('split');
    const stored = (await walletStore.audit()).find((row) => row.id === USER);
    expect(stored).toMatchObject({ held: (await billing.wallet.getAccount(USER))?.held });
    expect(await billing.wallet.verify()).toMatchObject({ ok: true });
  });

  it("ending a frozen user's session charges nothing more and succeeds", async () => {
    const a = engine();
    const session = await start(a);
    await advance(20_000, a);
    await billing.wallet.freeze(USER);
    const ended = await a.end(session.id, GURU);
    expect(ended).toMatchObject({ status: 'ended', summary: { secondsBilled: 15, totalCharged: 250 } });
    expect(await billing.wallet.getAccount(USER)).toMatchObject({ balance: 100_000 - 250, held: 0 });
  });

  it('a frozen payer ends a running session at its next tick without an error', async () => {
    const a = engine();
    const errors: unknown[] = [];
    a.on('error', (error) => errors.push(error));
    const session = await start(a);
    await advance(5_000, a);
    await billing.wallet.freeze(USER);
    await advance(20_000, a);
    expect(await a.getSession(session.id)).toMatchObject({ status: 'ended', endReason: 'account_frozen' });
    expect(errors.filter((error) => !isJyotishError(error))).toEqual([]);
  });
});
