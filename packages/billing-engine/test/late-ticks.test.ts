import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { createTestBilling } from '@jyotishconnect/billing-engine/testing';
import { expect, it } from 'vitest';
import { gatedStore } from './gated-store.js';

it('an engine running ticks later than the hold margin keeps billing the time served, and ends nobody', async () => {
  let stuck = '';
  const { store, release } = gatedStore(createMemoryBillingStore(), (record) => record.id === stuck);
  // One tick at a time: while the stuck session's write hangs, the other session's tick waits in line.
  const billing = await createTestBilling({
    store,
    config: { maxConcurrentTicks: 1, holdMarginMs: 5_000, maxSessionsPerConsultant: 2 },
  });
  await billing.addConsultant('consultant:guru', { chat: 1_000 });
  const ids: string[] = [];
  for (const userId of ['user:a', 'user:b']) {
    await billing.addUser(userId, 10_000);
    const requested = await billing.engine.request({ userId, consultantId: 'consultant:guru', service: 'chat' });
    await billing.engine.accept(requested.id, 'consultant:guru');
    ids.push(requested.id);
  }
  stuck = ids[0] as string;
  await billing.clock.advance(15_000);
  // Far past the margin: the waiting tick will open interval 2 after the instant its hold would expire.
  await billing.clock.advance(30_000);
  stuck = '';
  release();
  await billing.engine.idle();
  await billing.clock.advance(1);
  await billing.engine.idle();

  for (const [k, id] of ids.entries()) {
    const session = await billing.engine.getSession(id);
    expect([session?.status, session?.endReason], `session ${k}`).toEqual(['active', null]);
    // 45 s served at 1,000 a minute: three intervals of 250, whatever the engine's delay.
    expect(session?.summary.userCharged, `session ${k}`).toBe(750);
  }
});
