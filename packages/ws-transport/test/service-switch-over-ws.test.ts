import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectClient, eventsNamed, eventually, type Harness, startedChat, startHarness } from './harness.js';

interface SessionView {
  id: string;
  service: string;
  offeredService: string | null;
  ratePerMinute: number;
  summary: { secondsBilled: number; totalCharged: number };
}

describe('switching a chat to a call over WebSocket', () => {
  let billing: TestBilling;
  let harness: Harness;

  beforeEach(async () => {
    billing = await createTestBilling({ config: { intervalSeconds: 15, commissionBps: 1_200 } });
    await billing.addUser('asha', 10_000);
    await billing.addUser('mallory', 10_000);
    await billing.addConsultant('guru', { chat: 600, video: 1_200 });
    await billing.addConsultant('other', { chat: 600, video: 1_200 });
    const chat = createChat({ store: createMemoryChatStore(), clock: billing.clock });
    harness = await startHarness({ chat, billing: billing.engine, clock: billing.clock });
  });
  afterEach(async () => {
    await harness.close();
    await billing.engine.close();
  });

  it('the consultant offers video, the user accepts: both are told, and the call is billed at the video rate', async () => {
    const { asha, guru, session } = await startedChat<SessionView>(harness.url);
    await billing.advance(20_000);
    const offered = await guru.client.request<SessionView>({
      type: 'consultation.offerService',
      sessionId: session.id,
      serviceType: 'video',
    });
    expect(offered).toMatchObject({ service: 'chat', offeredService: 'video' });
    await eventually(() => eventsNamed<SessionView>(asha.events, 'consultation.serviceOffered').length === 1);
    expect(eventsNamed<SessionView>(guru.events, 'consultation.serviceOffered')).toEqual([]);
    const switched = await asha.client.request<SessionView>({
      type: 'consultation.acceptService',
      sessionId: session.id,
      serviceType: 'video',
    });
    expect(switched).toMatchObject({ service: 'video', ratePerMinute: 1_200 });
    await eventually(() => eventsNamed<SessionView>(guru.events, 'consultation.serviceChanged').length === 1);
    await eventually(() => eventsNamed<SessionView>(asha.events, 'consultation.serviceChanged').length === 1);
    // A video session relays call signaling now.
    await asha.client.request({ type: 'call.offer', sessionId: session.id, sdp: 'v=0 offer' });
    await eventually(() => guru.events.some((event) => event.name === 'call.offer'));
    await billing.advance(30_000);
    const ended = await guru.client.request<SessionView>({ type: 'call.hangup', sessionId: session.id });
    // 20 s of chat at 600/min, then 30 s of video at 1,200/min.
    expect(ended.summary).toMatchObject({ secondsBilled: 50, totalCharged: 200 + 600 });
    expect((await billing.wallet.getAccount('asha'))?.balance).toBe(10_000 - 800);
    asha.client.close();
    guru.client.close();
  });

  it('the user declines: only the consultant is told, and the chat goes on', async () => {
    const { asha, guru, session } = await startedChat<SessionView>(harness.url);
    const mallory = await connectClient(harness.url, 'user:mallory');
    await guru.client.request({ type: 'consultation.offerService', sessionId: session.id, serviceType: 'video' });
    const decline = { type: 'consultation.declineService', sessionId: session.id, serviceType: 'video' } as const;
    await expect(guru.client.request(decline)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    await expect(mallory.client.request(decline)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    const after = await asha.client.request<SessionView>(decline);
    expect(after).toMatchObject({ service: 'chat', offeredService: null });
    await eventually(() => eventsNamed(guru.events, 'consultation.serviceDeclined').length > 0);
    const told = eventsNamed(guru.events, 'consultation.serviceDeclined');
    expect(told).toEqual([{ session: expect.objectContaining({ id: session.id }), service: 'video' }]);
    expect(eventsNamed(asha.events, 'consultation.serviceDeclined')).toEqual([]);
    for (const client of [asha, guru, mallory]) client.client.close();
  });

  it('only the session consultant offers and only its user accepts', async () => {
    const { asha, guru, session } = await startedChat<SessionView>(harness.url);
    const mallory = await connectClient(harness.url, 'user:mallory');
    const other = await connectClient(harness.url, 'consultant:other');
    const offer = { type: 'consultation.offerService', sessionId: session.id, serviceType: 'video' } as const;
    const accept = { type: 'consultation.acceptService', sessionId: session.id, serviceType: 'video' } as const;
    await expect(asha.client.request(offer)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    await expect(other.client.request(offer)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    await guru.client.request(offer);
    await expect(guru.client.request(accept)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    await expect(mallory.client.request(accept)).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    await expect(asha.client.request({ ...accept, serviceType: 'telepathy' as never })).rejects.toMatchObject({
      code: 'INVALID_FRAME',
    });
    expect(await billing.engine.getSession(session.id)).toMatchObject({ service: 'chat', offeredService: 'video' });
    for (const client of [asha, guru, mallory, other]) client.client.close();
  });
});
