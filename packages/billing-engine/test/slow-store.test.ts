import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { createTestBilling } from '@jyotishconnect/billing-engine/testing';
import { expect, it } from 'vitest';
import { gatedStore } from './gated-store.js';

it("a slow store call for one session does not delay the other sessions' ticks", async () => {
  let slowSession = '';
  // The slow session's first tick hangs in the store until released.
  const { store, release } = gatedStore(
    createMemoryBillingStore(),
    (record) => record.id === slowSession && record.intervalIndex === 2,
  );
  const billing = await createTestBilling({ store, config: { maxConcurrentTicks: 4, maxSessionsPerConsultant: 20 } });
  await billing.addConsultant('consultant:guru', { chat: 1_000 });
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    await billing.addUser(`user:${i}`, 10_000);
    const requested = await billing.engine.request({
      userId: `user:${i}`,
      consultantId: 'consultant:guru',
      service: 'chat',
    });
    await billing.engine.accept(requested.id, 'consultant:guru');
    ids.push(requested.id);
  }
  slowSession = ids[0] as string;
  await billing.clock.advance(15_000);
  await billing.clock.advance(1);
  // Every other session was charged its first interval while the slow one still waits.
  for (let i = 1; i < 20; i++) expect((await billing.wallet.getAccount(`user:${i}`))?.balance).toBe(9_750);
  expect((await billing.wallet.getAccount('user:0'))?.balance).toBe(10_000);
  release();
  await billing.engine.idle();
  expect((await billing.wallet.getAccount('user:0'))?.balance).toBe(9_750);
});
