import { metricNames } from '@jyotishconnect/core';
import { RecordingMetrics } from '@jyotishconnect/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
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
