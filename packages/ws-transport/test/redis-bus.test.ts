import { createBillingEngine } from '@jyotishconnect/billing-engine';
import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { createTestBilling } from '@jyotishconnect/billing-engine/testing';
import { createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { describeWithRedis } from '@jyotishconnect/core/testing/suites';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisBus, type RedisBus } from '../src/bus/redis.js';
import { connectClient, eventually, greetEachOther, type Harness, startHarness } from './harness.js';

describeWithRedis('two server processes on one Redis', (redisUrl) => {
  const buses: RedisBus[] = [];
  let east: Harness;
  let west: Harness;
  let closeBilling: () => Promise<void>;

  beforeAll(async () => {
    // Two "processes": each has its own chat service, billing engine, bus connection and HTTP server;
    // they share only the stores (as two hosts share a database) and Redis.
    const chatStore = createMemoryChatStore();
    const billingStore = createMemoryBillingStore();
    const world = await createTestBilling({ store: billingStore, config: { intervalSeconds: 15, takeoverScanMs: 0 } });
    await world.addUser('asha', 50_000);
    await world.addConsultant('guru', { chat: 600, video: 1_200 });
    const westEngine = createBillingEngine({
      wallet: world.wallet,
      store: billingStore,
      clock: world.clock,
      rates: world.rates,
      config: { intervalSeconds: 15, takeoverScanMs: 0 },
    });
    closeBilling = async () => {
      await world.engine.close();
      await westEngine.close();
    };
    const prefix = `jc-test-${Date.now()}:`;
    for (let i = 0; i < 2; i++) buses.push(createRedisBus({ url: redisUrl as string, prefix }));
    east = await startHarness({
      chat: createChat({ store: chatStore, clock: world.clock }),
      billing: world.engine,
      bus: buses[0],
      clock: world.clock,
    });
    west = await startHarness({
      chat: createChat({ store: chatStore, clock: world.clock }),
      billing: westEngine,
      bus: buses[1],
      clock: world.clock,
    });
  });
  afterAll(async () => {
    await east?.close();
    await west?.close();
    await closeBilling?.();
    for (const bus of buses) await bus.close();
  });

  it('a user on one process and the consultant on the other chat, see presence and exchange call signals', async () => {
    const guru = await connectClient(west.url, 'consultant:guru');
    const asha = await connectClient(east.url, 'user:asha');
    const conversation = { id: await greetEachOther(asha, guru, 'guru') };
    const texts = (events: typeof asha.events) =>
      events.filter((e) => e.name === 'message.created').map((e) => (e.data as { text: string }).text);
    await eventually(() => texts(guru.events).length === 2 && texts(asha.events).length === 2);
    expect(texts(guru.events)).toEqual(['Namaste', 'Welcome']);

    await asha.client.request({ type: 'chat.typing', conversationId: conversation.id, typing: true });
    await eventually(() => guru.events.some((e) => e.name === 'typing'));

    // Presence crosses processes: a second tab does not flap, the last close does.
    const secondTab = await connectClient(east.url, 'user:asha');
    secondTab.client.close();
    asha.client.close();
    await eventually(() =>
      guru.events.some((e) => e.name === 'presence' && (e.data as { online: boolean }).online === false),
    );
    const flips = guru.events.filter(
      (e) => e.name === 'presence' && (e.data as { participantId: string }).participantId === 'asha',
    );
    expect(flips.map((e) => (e.data as { online: boolean }).online)).toEqual([false]);

    const ashaAgain = await connectClient(east.url, 'user:asha');
    const session = await ashaAgain.client.request<{ id: string }>({
      type: 'consultation.request',
      consultantId: 'guru',
      serviceType: 'video',
    });
    await eventually(() => guru.events.some((e) => e.name === 'consultation.requested'));
    await guru.client.request({ type: 'consultation.accept', sessionId: session.id });
    await ashaAgain.client.request({ type: 'call.offer', sessionId: session.id, sdp: 'v=0 from east' });
    await eventually(() => guru.events.some((e) => e.name === 'call.offer'));
    expect(guru.events.find((e) => e.name === 'call.offer')?.data).toMatchObject({
      from: 'asha',
      sdp: 'v=0 from east',
    });
    await guru.client.request({ type: 'call.answer', sessionId: session.id, sdp: 'v=0 from west' });
    await eventually(() => ashaAgain.events.some((e) => e.name === 'call.answer'));
    // The user ends it through the other process and engine than the one that accepted it.
    await ashaAgain.client.request({ type: 'consultation.end', sessionId: session.id });
    await eventually(() => guru.events.some((e) => e.name === 'consultation.ended'));
    ashaAgain.client.close();
    guru.client.close();
  });
});
