import type { BillingStore, SessionRecord } from '@jyotishconnect/billing-engine';
import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { createTestBilling } from '@jyotishconnect/billing-engine/testing';
import { expect, it } from 'vitest';

it("a slow store call for one session does not delay the other sessions' ticks", async () => {
  const inner = createMemoryBillingStore();
  let slowSession = '';
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store: BillingStore = {
    insertSession: (session, limits) => inner.insertSession(session, limits),
    getSession: (id) => inner.getSession(id),
    async updateSession(session: SessionRecord) {
      // The slow session's first tick hangs in the store until released.
      if (session.id === slowSession && session.intervalIndex === 2) await gate;
      return await inner.updateSession(session);
    },
    updateSessions: (sessions) => inner.updateSessions(sessions),
    openSessions: (filter) => inner.openSessions(filter),
    claimableSessions: (query) => inner.claimableSessions(query),
    countSessionsByState: () => inner.countSessionsByState(),
    hasAcceptedSession: (userId) => inner.hasAcceptedSession(userId),
    enqueue: (entry) => inner.enqueue(entry),
    dequeue: (entryId) => inner.dequeue(entryId),
    queue: (consultantId) => inner.queue(consultantId),
    queueEntryOf: (userId) => inner.queueEntryOf(userId),
  };
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
