import { createTestBilling, type TestBilling } from '@jyotishconnect/billing-engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectClient, eventsNamed, eventually, type Harness, startHarness, type TestClient } from './harness.js';

interface SessionView {
  id: string;
  userId: string;
  status: string;
  requestExpiresAt: number;
}

describe('the waitlist over WebSocket', () => {
  let billing: TestBilling;
  let harness: Harness;
  let clients: TestClient[];

  beforeEach(async () => {
    billing = await createTestBilling({ config: { waitlistOfferTimeoutMs: 30_000, minimumBalanceSeconds: 60 } });
    for (const user of ['asha', 'ravi', 'meera']) await billing.addUser(user, 10_000);
    await billing.addConsultant('guru', { chat: 600 });
    harness = await startHarness({ billing: billing.engine, clock: billing.clock });
    clients = [];
  });
  afterEach(async () => {
    for (const side of clients) side.client.close();
    await harness.close();
    await billing.engine.close();
  });

  async function connect(token: string): Promise<TestClient> {
    const side = await connectClient(harness.url, token);
    clients.push(side);
    return side;
  }

  /** Guru in a chat with Asha; Ravi then Meera wait for him. */
  async function busyGuru() {
    const asha = await connect('user:asha');
    const guru = await connect('consultant:guru');
    const ravi = await connect('user:ravi');
    const meera = await connect('user:meera');
    const session = await asha.client.request<SessionView>({
      type: 'consultation.request',
      consultantId: 'guru',
      serviceType: 'chat',
    });
    await guru.client.request({ type: 'consultation.accept', sessionId: session.id });
    const joined = await ravi.client.request<{ position: number; estimatedWaitSeconds: number }>({
      type: 'waitlist.join',
      consultantId: 'guru',
      serviceType: 'chat',
    });
    expect(joined).toMatchObject({ position: 1, estimatedWaitSeconds: 600 });
    await meera.client.request({ type: 'waitlist.join', consultantId: 'guru', serviceType: 'chat' });
    return { asha, guru, ravi, meera, session };
  }

  it('the first in line is offered the slot with an expiry, takes it, and the consultant gets the request', async () => {
    const { asha, guru, ravi, meera, session } = await busyGuru();
    await asha.client.request({ type: 'consultation.end', sessionId: session.id });
    await eventually(() => eventsNamed(ravi.events, 'waitlist.offer').length === 1);
    const offer = eventsNamed(ravi.events, 'waitlist.offer')[0] as SessionView;
    expect(offer).toMatchObject({ userId: 'ravi', status: 'offered', requestExpiresAt: billing.clock.now() + 30_000 });
    // Meera moves up to first in line; nobody else hears of Ravi's offer.
    await eventually(() => eventsNamed(meera.events, 'waitlist.position').length > 0);
    expect(eventsNamed(meera.events, 'waitlist.position').at(-1)).toMatchObject({ position: 1, length: 1 });
    expect(eventsNamed(meera.events, 'waitlist.offer')).toEqual([]);
    expect(eventsNamed(guru.events, 'waitlist.offer')).toEqual([]);
    expect(await ravi.client.request({ type: 'waitlist.status' })).toMatchObject({
      waiting: null,
      offer: { id: offer.id, status: 'offered' },
    });

    const taken = await ravi.client.request<SessionView>({ type: 'waitlist.take', sessionId: offer.id });
    expect(taken.status).toBe('requested');
    await eventually(() =>
      eventsNamed(guru.events, 'consultation.requested').some((s) => (s as SessionView).id === offer.id),
    );
    const accepted = await guru.client.request<SessionView>({ type: 'consultation.accept', sessionId: offer.id });
    expect(accepted).toMatchObject({ status: 'active', userId: 'ravi' });
  });

  it("nobody else takes or passes on a user's offer, nor reads it", async () => {
    const { asha, guru, ravi, meera, session } = await busyGuru();
    await asha.client.request({ type: 'consultation.end', sessionId: session.id });
    await eventually(() => eventsNamed(ravi.events, 'waitlist.offer').length === 1);
    const offer = eventsNamed(ravi.events, 'waitlist.offer')[0] as SessionView;
    for (const intruder of [meera, guru, asha]) {
      for (const type of ['waitlist.take', 'waitlist.pass'] as const) {
        await expect(intruder.client.request({ type, sessionId: offer.id })).rejects.toMatchObject({
          code: 'NOT_A_PARTICIPANT',
        });
      }
    }
    expect(await meera.client.request({ type: 'waitlist.status' })).toMatchObject({ offer: null });
    expect((await billing.engine.getSession(offer.id))?.status).toBe('offered');
  });

  it('passing hands the slot to the next in line, and leaving takes a user out', async () => {
    const { asha, ravi, meera, session } = await busyGuru();
    expect(await meera.client.request({ type: 'waitlist.leave' })).toEqual({ left: true });
    await asha.client.request({ type: 'consultation.end', sessionId: session.id });
    await eventually(() => eventsNamed(ravi.events, 'waitlist.offer').length === 1);
    const offer = eventsNamed(ravi.events, 'waitlist.offer')[0] as SessionView;
    expect(await ravi.client.request({ type: 'waitlist.pass', sessionId: offer.id })).toMatchObject({
      status: 'ended',
    });
    await billing.engine.idle();
    expect(eventsNamed(meera.events, 'waitlist.offer')).toEqual([]);
    expect(await meera.client.request({ type: 'waitlist.status' })).toEqual({ waiting: null, offer: null });
  });

  it('an offer nobody answers expires on the clock and goes to the next in line', async () => {
    const { asha, ravi, meera, session } = await busyGuru();
    await asha.client.request({ type: 'consultation.end', sessionId: session.id });
    await eventually(() => eventsNamed(ravi.events, 'waitlist.offer').length === 1);
    await billing.advance(30_000);
    await eventually(() => eventsNamed(meera.events, 'waitlist.offer').length === 1);
    const offer = eventsNamed(ravi.events, 'waitlist.offer')[0] as SessionView;
    await expect(ravi.client.request({ type: 'waitlist.take', sessionId: offer.id })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('a malformed waitlist frame is refused with a code', async () => {
    const ravi = await connect('user:ravi');
    await expect(
      ravi.client.request({ type: 'waitlist.join', consultantId: 'guru', serviceType: 'telepathy' } as never),
    ).rejects.toMatchObject({ code: 'INVALID_FRAME' });
  });
});
