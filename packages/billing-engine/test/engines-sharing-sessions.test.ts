import { type BillingEngine, createBillingEngine } from '@jyotishconnect/billing-engine';
import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Two hosts behind a load balancer: the user's request lands on one engine, the consultant's
// accept on the other. Each must act on what the other wrote, never on what it saw first.
describe('engines that share sessions', () => {
  let world: TestBilling;
  let other: BillingEngine;

  beforeEach(async () => {
    world = await createTestBilling({ config: { takeoverScanMs: 1_000, leaseTtlMs: 5_000 } });
    await world.addUser('asha', 50_000);
    await world.addConsultant('guru', { chat: 600 });
    other = createBillingEngine({
      wallet: world.wallet,
      store: world.store,
      clock: world.clock,
      rates: world.rates,
      config: { takeoverScanMs: 1_000, leaseTtlMs: 5_000 },
    });
  });
  afterEach(async () => {
    await world.engine.close();
    await other.close();
  });

  async function settle(ms: number): Promise<void> {
    await world.clock.advance(ms);
    await Promise.all([world.engine.idle(), other.idle()]);
  }

  it('the engine that took the request can end a session the other engine accepted', async () => {
    const requested = await world.engine.request({ userId: 'asha', consultantId: 'guru', service: 'chat' });
    await other.accept(requested.id, 'guru');
    await settle(20_000);
    const ended = await world.engine.end(requested.id, 'asha');
    expect(ended.summary).toMatchObject({ secondsBilled: 20, totalCharged: 200 });
    expect(await world.wallet.verify()).toMatchObject({ ok: true });
  });

  it('when the accepting engine dies, the requesting one takes the session over before the request timeout', async () => {
    const requested = await world.engine.request({ userId: 'asha', consultantId: 'guru', service: 'chat' });
    await other.accept(requested.id, 'guru');
    await settle(15_000);
    await other.close(); // stops driving; its lease lapses 5 s after its next planned tick (t = 30 s)
    // By t = 55 s, still before the request's 60 s timeout, the survivor has taken over and billed a new
    // interval. A stale view of the session as "requested" would leave it unbilled until t = 60 s.
    await settle(40_000);
    const session = await world.engine.getSession(requested.id);
    expect(session?.status).toBe('active');
    expect(session?.summary.secondsBilled).toBeGreaterThan(15);
    const ended = await world.engine.end(requested.id, 'asha');
    // Time nobody drove is not charged; what was served is charged exactly.
    expect(ended.summary.totalCharged).toBe(ended.summary.secondsBilled * 10);
    expect(await world.wallet.verify()).toMatchObject({ ok: true });
  });
});
