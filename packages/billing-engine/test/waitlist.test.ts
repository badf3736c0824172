import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBillingEngine } from '../src/engine.js';
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
    billing.engine.on('waitlist.offered', (session) => offers.push(session));
    const requested = await billing.engine.request({ userId: ASHA, consultantId: GURU, service: 'chat' });
    first = await billing.engine.accept(requested.id, GURU);
  });

  it('users waiting for a busy consultant see their place in line', async () => {
    await billing.advance(240_000); // Asha's consultation has run 4 of the average 10 minutes
    expect(await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' })).toMatchObject({
      position: 1,
      length: 1,
      estimatedWaitSeconds: 360,
    });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    expect(await billing.engine.waitlistPosition(MEERA)).toMatchObject({
      position: 2,
      length: 2,
      estimatedWaitSeconds: 960,
    });
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

  it('when the slot frees, the first in line is offered it, and taking it sends the request to the consultant', async () => {
    const requests: Session[] = [];
    billing.engine.on('session.requested', (session) => requests.push(session));
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    await billing.engine.end(first.id, GURU);
    await billing.engine.idle();
    expect(offers.map((offer) => [offer.userId, offer.service, offer.status])).toEqual([[RAVI, 'voice', 'offered']]);
    const offer = offers[0] as Session;
    expect(offer.requestExpiresAt - billing.clock.now()).toBe(30_000);
    expect(await billing.engine.waitlistPosition(RAVI)).toBeNull();
    expect(await billing.engine.waitlistPosition(MEERA)).toMatchObject({ position: 1, length: 1 });
    await expect(billing.engine.accept(offer.id, GURU)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(requests).toEqual([]);
    await billing.advance(10_000);
    const taken = await billing.engine.takeOffer(offer.id, RAVI);
    expect(taken).toMatchObject({ status: 'requested', requestExpiresAt: billing.clock.now() + 60_000 });
    expect(requests.map((request) => [request.id, request.source])).toEqual([[offer.id, 'waitlist']]);
    const accepted = await billing.engine.accept(offer.id, GURU);
    expect(accepted).toMatchObject({ status: 'active', userId: RAVI, ratePerMinute: 2_000 });
  });

  it('only the waiting user takes or passes on their offer', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.end(first.id);
    await billing.engine.idle();
    const offer = offers[0] as Session;
    for (const intruder of [MEERA, GURU]) {
      await expect(billing.engine.takeOffer(offer.id, intruder)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
      await expect(billing.engine.passOffer(offer.id, intruder)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    }
    await expect(billing.engine.passOffer(first.id, ASHA)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await billing.engine.getSession(offer.id)).toMatchObject({ status: 'offered' });
  });

  it('an offer that is not taken up expires on the clock and the next user is offered', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    await billing.engine.end(first.id);
    await billing.advance(29_999);
    expect(offers.map((offer) => offer.userId)).toEqual([RAVI]);
    await billing.advance(1);
    expect(offers.map((offer) => offer.userId)).toEqual([RAVI, MEERA]);
    expect(await billing.engine.getSession((offers[0] as Session).id)).toMatchObject({ endReason: 'expired' });
    await expect(billing.engine.takeOffer((offers[0] as Session).id, RAVI)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('an offer taken at its last moment is refused once it expired', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.end(first.id);
    await billing.engine.idle();
    await billing.clock.advance(30_000); // the expiry is due, but not yet processed
    await expect(billing.engine.takeOffer((offers[0] as Session).id, RAVI)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('a user who passes hands the slot to the next in line', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    await billing.engine.end(first.id);
    await billing.engine.idle();
    const passed = await billing.engine.passOffer((offers[0] as Session).id, RAVI);
    expect(passed).toMatchObject({ status: 'ended', endReason: 'cancelled' });
    await billing.engine.idle();
    expect(offers.map((offer) => [offer.userId, offer.status])).toEqual([
      [RAVI, 'offered'],
      [MEERA, 'offered'],
    ]);
  });

  it('an offer taken by a user whose wallet no longer covers the minimum is refused', async () => {
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.end(first.id);
    await billing.engine.idle();
    await billing.wallet.transfer({ id: 'spend', from: RAVI, to: 'consultant:other', amount: 49_000 });
    await expect(billing.engine.takeOffer((offers[0] as Session).id, RAVI)).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    });
  });

  it('every change of a queue is announced, and everyone in it sees their place', async () => {
    const changes: string[] = [];
    billing.engine.on('waitlist.changed', ({ consultantId }) => changes.push(consultantId));
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    await billing.engine.leaveWaitlist(RAVI);
    expect(changes).toEqual([GURU, GURU, GURU]);
    expect((await billing.engine.waitlistOf(GURU)).map((queued) => [queued.entry.userId, queued.position])).toEqual([
      [MEERA, 1],
    ]);
    await billing.engine.end(first.id);
    await billing.engine.idle();
    expect(changes).toEqual([GURU, GURU, GURU, GURU]); // Meera was offered the slot
    expect(await billing.engine.waitlistOf(GURU)).toEqual([]);
  });

  it('only a user may wait, and only for a consultant offering the service', async () => {
    await expect(
      billing.engine.joinWaitlist({ userId: 'consultant:other', consultantId: GURU, service: 'chat' }),
    ).rejects.toMatchObject({ code: 'INVALID_ROLE' });
    await expect(
      billing.engine.joinWaitlist({ userId: RAVI, consultantId: MEERA, service: 'chat' }),
    ).rejects.toMatchObject({ code: 'INVALID_ROLE' });
    await expect(
      billing.engine.joinWaitlist({ userId: RAVI, consultantId: 'consultant:other', service: 'video' }),
    ).rejects.toMatchObject({ code: 'SERVICE_NOT_OFFERED' });
    expect(await billing.engine.waitlistPosition(RAVI)).toBeNull();
  });

  it('a user in a consultation cannot join a waitlist', async () => {
    await expect(
      billing.engine.joinWaitlist({ userId: ASHA, consultantId: 'consultant:other', service: 'chat' }),
    ).rejects.toMatchObject({ code: 'USER_BUSY' });
  });

  it('two engines offering the same entry create the offer once', async () => {
    const second = createBillingEngine({
      wallet: billing.wallet,
      store: billing.store,
      clock: billing.clock,
      rates: billing.rates,
      config: { takeoverScanMs: 0, waitlistOfferTimeoutMs: 30_000 },
    });
    const secondOffers: Session[] = [];
    second.on('waitlist.offered', (session) => secondOffers.push(session));
    await billing.engine.joinWaitlist({ userId: RAVI, consultantId: GURU, service: 'voice' });
    await billing.engine.joinWaitlist({ userId: MEERA, consultantId: GURU, service: 'chat' });
    await billing.engine.end(first.id);
    // Both engines see the freed slot at once (the second through a join that looks at the queue).
    await Promise.all([
      billing.engine.idle(),
      second.joinWaitlist({ userId: DEV, consultantId: GURU, service: 'chat' }),
    ]);
    await Promise.all([billing.engine.idle(), second.idle()]);
    expect([...offers, ...secondOffers].map((offer) => offer.userId)).toEqual([RAVI]);
    expect((await billing.engine.consultantStatus(GURU)).openSessions).toBe(1);
    await second.close();
  });

  it('joining a consultant with a free slot is offered the slot at once', async () => {
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
