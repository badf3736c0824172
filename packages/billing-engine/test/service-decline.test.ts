import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServiceDeclinedEvent, Session } from '../src/events.js';
import { dueAt } from '../src/proration.js';

const USER = 'user:asha';
const GURU = 'consultant:guru';
const CHAT = 1_000;

describe('declining an offer to switch service', () => {
  let billing: TestBilling;
  let declined: ServiceDeclinedEvent[];
  let session: Session;
  beforeEach(async () => {
    billing = await createTestBilling({ config: { commissionBps: 2_000 } });
    await billing.addUser(USER, 20_000);
    await billing.addConsultant(GURU, { chat: CHAT, voice: 1_700, video: 3_000 });
    declined = [];
    billing.engine.on('session.serviceDeclined', (event) => declined.push(event));
    const requested = await billing.engine.request({ userId: USER, consultantId: GURU, service: 'chat' });
    session = await billing.engine.accept(requested.id, GURU);
  });

  it('withdraws the offer, tells of it once, and the chat goes on at its rate', async () => {
    await billing.engine.offerService(session.id, GURU, 'video');
    const after = await billing.engine.declineService(session.id, USER, 'video');
    expect(after).toMatchObject({ service: 'chat', offeredService: null, ratePerMinute: CHAT, status: 'active' });
    expect(declined).toEqual([{ session: expect.objectContaining({ id: session.id }), service: 'video' }]);
    await billing.engine.declineService(session.id, USER, 'video'); // a repeated decline changes nothing
    expect(declined).toHaveLength(1);
    await expect(billing.engine.acceptService(session.id, USER, 'video')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await billing.advance(30_000);
    const ended = await billing.engine.end(session.id, USER);
    expect(ended.summary).toMatchObject({ secondsBilled: 30, totalCharged: dueAt(CHAT, 30) });
  });

  it('declining a service that is not on offer changes nothing', async () => {
    await billing.engine.offerService(session.id, GURU, 'voice');
    const after = await billing.engine.declineService(session.id, USER, 'video');
    expect(after).toMatchObject({ offeredService: 'voice' });
    expect(declined).toEqual([]);
  });

  it('only the session user declines, and only while the session runs', async () => {
    await billing.engine.offerService(session.id, GURU, 'video');
    for (const actor of [GURU, 'user:other']) {
      await expect(billing.engine.declineService(session.id, actor, 'video')).rejects.toMatchObject({
        code: 'NOT_A_PARTICIPANT',
      });
    }
    await expect(billing.engine.declineService(session.id, USER, 'telepathy' as never)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await billing.engine.end(session.id, USER);
    await expect(billing.engine.declineService(session.id, USER, 'video')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(declined).toEqual([]);
  });
});
