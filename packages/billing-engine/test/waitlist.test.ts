import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../src/events.js';

const GURU = 'consultant:guru';
const [ASHA, RAVI, MEERA, DEV] = ['user:asha', 'user:ravi', 'user:meera', 'user:dev'];

describe('waitlist', () => {
  let billing: TestBilling;
  let offers: Session[];
  let first: Session;

  beforeEach(async () => {
    billing = await createTestBilling({ config: { waitlistOfferTimeoutMs: 30_000 } });
    await billing.addConsultant(GURU, { chat: 1_000, voice: 2_000 });
    await billing.addConsultant('consultant:other', { chat: 1_000 });
    for (const user of [ASHA, RAVI, MEERA, DEV]) await billing.addUser(user, 50_000);
    offers = [];
    billing.engine.on('session.requested', (session) => {
      if (session.source === 'waitlist') offers.push(session);
    });
    const requested = await billing.engine.request({ userId: ASHA, consultantId: GURU, service: 'chat' });
    first = await billing.engine.accept(requested.id, GURU);
  });

  it('users waiting for a busy consultant see their place in line', async () => {
    expect(await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' })).toMatchObject({
      position: 1,
      length: 1,
    });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    expect(await billing.engine.waitlistPosition(MEERA)).toMatchObject({ position: 2, length: 2 });
    expect(await billing.engine.consultantStatus(GURU)).toMatchObject({ busy: true, waiting: 2 });
    expect(offers).toEqual([]);
  });

  it('a user waits in one queue at a time', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await expect(
      billing.engine.joinWaitlist({ userId: RAVI, consultantId: 'consultant:other', service: 'chat' }),
    ).rejects.toMatchObject({ code: 'ALREADY_QUEUED' });
  });

  it('nobody jumps the queue with a direct request', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.end(first.id, ASHA);
    await expect(billing.engine.request({ userId: DEV, consultantId: GURU, service: 'chat' })).rejects.toMatchObject({
      code: 'CONSULTANT_BUSY',
    });
  });

  it('when the slot frees, the first in line is offered a request for their service', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    await billing.engine.end(first.id, GURU);
    await billing.engine.idle();
    expect(offers.map((offer) => [offer.userId, offer.service, offer.status])).toEqual([[RAVI, 'voice', 'requested']]);
    expect(await billing.engine.waitlistPosition(RAVI)).toBeNull();
    expect(await billing.engine.waitlistPosition(MEERA)).toMatchObject({ position: 1, length: 1 });
    const accepted = await billing.engine.accept((offers[0] as Session).id, GURU);
    expect(accepted).toMatchObject({ status: 'active', userId: RAVI, ratePerMinute: 2_000 });
  });

  it('an offer that is not taken up expires and the next user is offered', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    await billing.engine.end(first.id);
    await billing.advance(30_000);
    expect(offers.map((offer) => offer.userId)).toEqual([RAVI, MEERA]);
    expect(await billing.engine.getSession((offers[0] as Session).id)).toMatchObject({ endReason: 'expired' });
  });

  it('joining a consultant with a free slot is offered a request at once', async () => {
    const position = await billing.engine.joinWaitlist({
      userId: RAVI,
      consultantId: 'consultant:other',
      service: 'chat',
    });
    expect(position.position).toBe(0);
    expect(offers.map((offer) => [offer.userId, offer.consultantId])).toEqual([[RAVI, 'consultant:other']]);
  });

  it('a user who leaves the queue is not offered', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    expect(await billing.engine.leaveWaitlist(RAVI)).toBe(true);
    expect(await billing.engine.leaveWaitlist(RAVI)).toBe(false);
    await billing.engine.end(first.id);
    await billing.engine.idle();
    expect(offers.map((offer) => offer.userId)).toEqual([MEERA]);
  });
});
