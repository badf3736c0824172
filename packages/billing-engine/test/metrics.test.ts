import { createTestBilling } from '@jyotishconnect/billing-engine/testing';
import { ManualClock, metricNames } from '@jyotishconnect/core';
import { RecordingMetrics } from '@jyotishconnect/core/testing';
import { describe, expect, it } from 'vitest';

/** A manual clock whose timers all fire `lateMs` after they were due, like an overloaded process. */
class LateClock extends ManualClock {
  constructor(private readonly lateMs: number) {
    super();
  }

  override setTimeout(callback: () => void, delayMs: number) {
    return super.setTimeout(callback, delayMs + this.lateMs);
  }
}

const USER = 'user:asha';
const GURU = 'consultant:guru';

async function billedWorld(paise: number) {
  const metrics = new RecordingMetrics();
  const billing = await createTestBilling({ metrics, config: { intervalSeconds: 15, minimumBalanceSeconds: 0 } });
  await billing.addUser(USER, paise);
  await billing.addConsultant(GURU, { chat: 6_000 }); // Rs 60 a minute: 1,500 paise an interval
  const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
  await billing.engine.accept(requested.id, GURU);
  return { metrics, billing, sessionId: requested.id };
}

describe('billing metrics', () => {
  it('a funded minute reports four charged ticks, their lateness, the state changes and the wallet commits', async () => {
    const { metrics, billing, sessionId } = await billedWorld(100_000);
    await billing.advance(60_000);
    await billing.engine.end(sessionId, USER);
    await billing.engine.idle();

    expect(metrics.total(metricNames.ticks, { outcome: 'charged', code: '' })).toBe(4);
    const lateness = metrics.of(metricNames.tickLateness);
    expect(lateness).toHaveLength(4);
    for (const sample of lateness) expect(sample.value).toBeGreaterThanOrEqual(0);
    expect(metrics.total(metricNames.sessionTransitions, { from: 'requested', to: 'active' })).toBe(1);
    expect(metrics.total(metricNames.sessionTransitions, { from: 'active', to: 'ended' })).toBe(1);
    expect(metrics.total(metricNames.walletCommits, { kind: 'topup' })).toBe(1);
    expect(metrics.total(metricNames.walletCommits, { kind: 'split' })).toBe(4);
    const walletCalls = metrics.of(metricNames.storeCall, { store: 'wallet', outcome: 'ok' });
    expect(walletCalls.map((call) => call.labels.method)).toEqual(expect.arrayContaining(['placeHold', 'commit']));
    expect(metrics.total(metricNames.ticks, { outcome: 'failed' })).toBe(0);
  });

  it('a tick the timers wake 10 seconds late is observed as 10 seconds late', async () => {
    const metrics = new RecordingMetrics();
    const billing = await createTestBilling({ metrics, clock: new LateClock(10_000) });
    await billing.addUser(USER, 100_000);
    await billing.addConsultant(GURU, { chat: 6_000 });
    const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
    await billing.engine.accept(requested.id, GURU);
    await billing.advance(30_000);

    const [first] = metrics.of(metricNames.tickLateness);
    expect(first?.value).toBe(10);
  });

  it('a wallet that runs dry ends the session without a failed tick: the last interval is planned to what is left', async () => {
    const { metrics, billing } = await billedWorld(2_000); // one interval and a third
    await billing.advance(60_000);

    expect(metrics.total(metricNames.ticks, { outcome: 'charged' })).toBe(2);
    expect(metrics.total(metricNames.ticks, { outcome: 'failed' })).toBe(0);
    expect(metrics.total(metricNames.sessionTransitions, { from: 'active', to: 'ended' })).toBe(1);
  });

  it('a frozen payer fails the closing interval with code ACCOUNT_FROZEN', async () => {
    const { metrics, billing } = await billedWorld(100_000);
    await billing.advance(5_000);
    await billing.wallet.freeze(USER);
    await billing.advance(15_000);

    expect(metrics.total(metricNames.ticks, { outcome: 'failed', code: 'ACCOUNT_FROZEN' })).toBe(1);
    expect(metrics.total(metricNames.walletRejections, { code: 'ACCOUNT_FROZEN' })).toBeGreaterThan(0);
  });

  it('checkpoints inside a minute interval report their lateness and a session.checkpoint event, ticks their own', async () => {
    const metrics = new RecordingMetrics();
    const billing = await createTestBilling({
      metrics,
      clock: new LateClock(2_000),
      config: { intervalSeconds: 60, checkpointSeconds: 15, minimumBalanceSeconds: 0 },
    });
    await billing.addUser(USER, 100_000);
    await billing.addConsultant(GURU, { chat: 6_000 });
    const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
    const accepted = await billing.engine.accept(requested.id, GURU);
    const startedAt = accepted.acceptedAt ?? Number.NaN;
    const due: number[] = [];
    billing.engine.on('session.checkpoint', (event) => {
      expect(event.session.id).toBe(requested.id);
      due.push(event.dueAt - startedAt);
    });
    const ticks: number[] = [];
    billing.engine.on('session.tick', (event) => ticks.push(event.interval));
    await billing.advance(70_000);

    // Checkpoints at 15, 30 and 45 s of the first interval, each written 2 s late; the tick at 60 s is not one.
    expect(due).toEqual([15_000, 30_000, 45_000]);
    expect(metrics.of(metricNames.checkpointLateness).map((sample) => sample.value)).toEqual([2, 2, 2]);
    expect(ticks).toEqual([1]);
    expect(metrics.of(metricNames.tickLateness).map((sample) => sample.value)).toEqual([2]);
  });

  it('an engine without a sink runs the same session', async () => {
    const billing = await createTestBilling();
    await billing.addUser(USER, 100_000);
    await billing.addConsultant(GURU, { chat: 6_000 });
    const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
    await billing.engine.accept(requested.id, GURU);
    await billing.advance(60_000);
    expect((await billing.engine.end(requested.id, USER)).summary.intervals).toBe(4);
  });
});
