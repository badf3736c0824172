import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectClient,
  eventsNamed,
  eventually,
  type Harness,
  startedChat,
  startHarness,
  TRANSPORTS,
} from './harness.js';

interface SessionView {
  id: string;
  status: string;
  service: string;
}

describe.each(TRANSPORTS)('consultations over %s', (transport) => {
  let billing: TestBilling;
  let harness: Harness;

  beforeEach(async () => {
    billing = await createTestBilling({
      config: { intervalSeconds: 15, commissionBps: 1_200, minimumBalanceSeconds: 60, absenceGraceMs: 5_000 },
    });
    await billing.addUser('asha', 10_000);
    await billing.addUser('mallory', 10_000);
    await billing.addConsultant('guru', { chat: 600, video: 1_200 });
    const chat = createChat({ store: createMemoryChatStore(), clock: billing.clock });
    harness = await startHarness({
      transport,
      chat,
      billing: billing.engine,
      clock: billing.clock,
    });
  });
  afterEach(async () => {
    await harness.close();
    await billing.engine.close();
  });

  it('request, accept, per-interval ticks and an end with a summary reach both participants', async () => {
    const { asha, guru, session } = await startedChat<SessionView>(harness.url);

    await billing.advance(15_000);
    await eventually(() => eventsNamed(asha.events, 'consultation.tick').length === 1);
    const tick = eventsNamed(asha.events, 'consultation.tick')[0] as { userCharged: number; seconds: number };
    // 600 paise a minute for 15 s is exactly 150 paise.
    expect(tick).toMatchObject({ userCharged: 150, seconds: 15 });
    expect((await billing.wallet.getAccount('asha'))?.balance).toBe(9_850);

    await billing.advance(7_000);
    const ended = await asha.client.request<{ summary: { secondsBilled: number; totalCharged: number } }>({
      type: 'consultation.end',
      sessionId: session.id,
    });
    await eventually(() => eventsNamed(guru.events, 'consultation.ended').length === 1);
    expect(ended.summary).toMatchObject({ secondsBilled: 22, totalCharged: 220 });
    asha.client.close();
    guru.client.close();
  });

  it('call signaling flows only between the participants of a running video session', async () => {
    const asha = await connectClient(harness.url, 'user:asha');
    const guru = await connectClient(harness.url, 'consultant:guru');
    const mallory = await connectClient(harness.url, 'user:mallory');
    const session = await asha.client.request<SessionView>({
      type: 'consultation.request',
      consultantId: 'guru',
      serviceType: 'video',
    });
    await expect(asha.client.request({ type: 'call.offer', sessionId: session.id, sdp: 'v=0' })).rejects.toMatchObject({
      code: 'SESSION_NOT_ACTIVE',
    });
    await guru.client.request({ type: 'consultation.accept', sessionId: session.id });
    await asha.client.request({ type: 'call.offer', sessionId: session.id, sdp: 'v=0 offer' });
    await guru.client.request({ type: 'call.answer', sessionId: session.id, sdp: 'v=0 answer' });
    await guru.client.request({ type: 'call.ice', sessionId: session.id, candidate: { candidate: 'c1' } });
    await eventually(
      () => eventsNamed(guru.events, 'call.offer').length === 1 && eventsNamed(asha.events, 'call.ice').length === 1,
    );
    expect(eventsNamed(guru.events, 'call.offer')[0]).toMatchObject({
      sessionId: session.id,
      from: 'asha',
      sdp: 'v=0 offer',
    });
    expect(eventsNamed(asha.events, 'call.answer')[0]).toMatchObject({ sdp: 'v=0 answer' });

    await expect(
      mallory.client.request({ type: 'call.offer', sessionId: session.id, sdp: 'v=0 evil' }),
    ).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    expect(eventsNamed(guru.events, 'call.offer')).toHaveLength(1);

    // Hanging up ends the billed session, and both sides hear the call end.
    await billing.advance(30_000);
    const ended = await guru.client.request<{ status: string }>({ type: 'call.hangup', sessionId: session.id });
    expect(ended.status).toBe('ended');
    await eventually(() => eventsNamed(asha.events, 'call.ended').length === 1);
    await eventually(() => eventsNamed(asha.events, 'call.hangup').length === 1);
    for (const side of [asha, guru, mallory]) side.client.close();
  });

  it('a chat session cannot carry call signaling', async () => {
    const { asha, guru, session } = await startedChat<SessionView>(harness.url);
    await expect(asha.client.request({ type: 'call.offer', sessionId: session.id, sdp: 'v=0' })).rejects.toMatchObject({
      code: 'NOT_A_CALL',
    });
    asha.client.close();
    guru.client.close();
  });

  it('billing pauses when the paying user is gone past the grace period and resumes when they return', async () => {
    const { asha, guru, session } = await startedChat<SessionView>(harness.url);
    asha.client.close();
    await eventually(() => harness.server.connections === 1);

    await billing.advance(4_000);
    expect((await billing.engine.getSession(session.id))?.status).toBe('active');
    await billing.advance(2_000);
    await eventually(() => eventsNamed(guru.events, 'consultation.paused').length === 1);
    const paused = await billing.engine.getSession(session.id);
    expect(paused?.status).toBe('paused');
    const chargedWhilePaused = paused?.summary.totalCharged;
    await billing.advance(30_000);
    expect((await billing.engine.getSession(session.id))?.summary.totalCharged).toBe(chargedWhilePaused);

    const back = await connectClient(harness.url, 'user:asha');
    await eventually(() => eventsNamed(guru.events, 'consultation.resumed').length === 1);
    expect((await billing.engine.getSession(session.id))?.status).toBe('active');
    back.client.close();
    guru.client.close();
  });

  it("the consultant's disconnect pauses billing too, with nothing charged past the grace", async () => {
    const { asha, guru, session } = await startedChat<SessionView>(harness.url);
    await billing.advance(10_000);
    guru.client.close();
    await eventually(() => harness.server.connections === 1);
    await billing.advance(20_000);
    await eventually(() => eventsNamed(asha.events, 'consultation.paused').length === 1);
    // Gone at 10 s, billed until the 5 s grace ran out: 15 s at 600 paise a minute.
    expect((await billing.engine.getSession(session.id))?.summary).toMatchObject({
      secondsBilled: 15,
      totalCharged: 150,
    });
    expect(await harness.server.latestAbsence('guru')).toMatchObject({ since: expect.any(Number), until: null });
    const back = await connectClient(harness.url, 'consultant:guru');
    await eventually(() => eventsNamed(asha.events, 'consultation.resumed').length === 1);
    expect(await harness.server.latestAbsence('guru')).toMatchObject({ until: expect.any(Number) });
    back.client.close();
    asha.client.close();
  });
});
