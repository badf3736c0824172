import { createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { ManualClock, metricNames } from '@jyotishconnect/core';
import { RecordingMetrics } from '@jyotishconnect/core/testing';
import { describeWithRedis } from '@jyotishconnect/core/testing/suites';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRedisBus } from '../src/bus/redis.js';
import { connectClient, eventually, greetEachOther, type Harness, startHarness } from './harness.js';

/** The latest value the sockets-open gauge was set to. */
function socketsOpen(metrics: RecordingMetrics): number | undefined {
  return metrics.of(metricNames.socketsOpen).at(-1)?.value;
}

describe('transport metrics', () => {
  let harness: Harness;
  let metrics: RecordingMetrics;
  beforeEach(async () => {
    metrics = new RecordingMetrics();
    harness = await startHarness({ metrics });
  });
  afterEach(async () => {
    await harness.close();
  });

  it('reports sockets open, frames in by type, acks and events out, and the bus lag of each delivery', async () => {
    const asha = await connectClient(harness.url, 'user:asha');
    const guru = await connectClient(harness.url, 'consultant:guru');
    expect(socketsOpen(metrics)).toBe(2);

    await greetEachOther(asha, guru, 'guru');

    expect(metrics.total(metricNames.framesIn, { type: 'conversation.open' })).toBe(1);
    expect(metrics.total(metricNames.framesIn, { type: 'chat.send' })).toBe(2);
    expect(metrics.total(metricNames.framesOut, { type: 'ack' })).toBeGreaterThanOrEqual(5);
    // Each greeting reaches both participants as `message.created`, after the two welcomes.
    expect(metrics.total(metricNames.framesOut, { type: 'event' })).toBeGreaterThanOrEqual(6);
    const lags = metrics.of(metricNames.busLag);
    expect(lags.length).toBeGreaterThan(0);
    for (const lag of lags) expect(lag.value).toBeGreaterThanOrEqual(0);
    // The publish stamp is for the metric only: clients never see it.
    expect(JSON.stringify(asha.events)).not.toContain('publishedAt');

    asha.client.close();
    await eventually(() => socketsOpen(metrics) === 1);
    guru.client.close();
    await eventually(() => socketsOpen(metrics) === 0);
  });

  it('a frame that is not JSON counts as rejected and answers one error frame', async () => {
    const socket = new WebSocket(`${harness.url}?token=user:asha`);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('not json');
    await eventually(() => metrics.total(metricNames.framesIn, { type: 'rejected' }) === 1);
    expect(metrics.total(metricNames.framesOut, { type: 'error' })).toBe(1);
    socket.close();
  });
});

describeWithRedis('transport metrics across two processes on one Redis', (redisUrl) => {
  it('the receiving process observes the bus lag from the publisher’s stamp', async () => {
    // Manual clocks make the lag exact: the receiver's clock runs 7 seconds ahead of the publisher's.
    const eastClock = new ManualClock();
    const westClock = new ManualClock();
    await westClock.advance(7_000);
    const prefix = `jc-metrics-${Date.now()}:`;
    const buses = [
      createRedisBus({ url: redisUrl as string, prefix }),
      createRedisBus({ url: redisUrl as string, prefix }),
    ];
    const chatStore = createMemoryChatStore();
    const westMetrics = new RecordingMetrics();
    const east = await startHarness({
      chat: createChat({ store: chatStore }),
      bus: buses[0],
      clock: eastClock,
      metrics: new RecordingMetrics(),
    });
    const west = await startHarness({
      chat: createChat({ store: chatStore }),
      bus: buses[1],
      clock: westClock,
      metrics: westMetrics,
    });
    try {
      const guru = await connectClient(west.url, 'consultant:guru');
      const asha = await connectClient(east.url, 'user:asha');
      const conversation = await asha.client.request<{ id: string }>({
        type: 'conversation.open',
        consultantId: 'guru',
      });
      await guru.client.join(conversation.id);
      await asha.client.join(conversation.id);
      await asha.client.request({
        type: 'chat.send',
        conversationId: conversation.id,
        clientMessageId: 'a1',
        text: 'Namaste',
      });
      await eventually(() => guru.events.some((event) => event.name === 'message.created'));

      // East stamped the message at its 0 ms; west received it at its 7,000 ms.
      expect(westMetrics.of(metricNames.busLag).map((lag) => lag.value)).toContain(7);
      asha.client.close();
      guru.client.close();
    } finally {
      await east.close();
      await west.close();
      for (const bus of buses) await bus.close();
    }
  });
});
