import { randomBytes } from 'node:crypto';
import { metricNames } from '@jyotishconnect/core';
import { describe, expect, it } from 'vitest';
import { castOf, endedChat, MODES, startTestHost } from './helpers.js';
import { parseExposition, sumOf } from './prometheus-text.js';

describe.each(MODES)('in %s mode, CHECKPOINT_SECONDS', (mode) => {
  it('reaches the billing engine beside TICK_SECONDS, and without it there are no checkpoints', async () => {
    const checkpointed = await startTestHost(mode, {
      env: { STORE: 'memory', TICK_SECONDS: '60', CHECKPOINT_SECONDS: '15' },
    });
    try {
      expect(checkpointed.host.services.billing.config).toMatchObject({ intervalSeconds: 60, checkpointSeconds: 15 });
    } finally {
      await checkpointed.close();
    }
    const plain = await startTestHost(mode, { env: { STORE: 'memory' } });
    try {
      expect(plain.host.services.billing.config.checkpointSeconds).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('shows each checkpoint of a billed chat in /metrics, apart from its ticks', async () => {
    const secret = randomBytes(32).toString('base64url');
    const t = await startTestHost(mode, {
      env: { STORE: 'memory', TICK_SECONDS: '60', CHECKPOINT_SECONDS: '15', METRICS_TOKEN: secret },
    });
    try {
      const cast = await castOf(t);
      const ended = await endedChat(t, cast, cast.guru, 100_000); // checkpoints at 15, 30, 45, 75 and 90 s
      expect(ended.summary.intervals).toBe(2);
      const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${secret}` } });
      const samples = parseExposition(await response.text());
      expect(sumOf(samples, `${metricNames.checkpointLateness}_count`)).toBe(5);
      expect(sumOf(samples, `${metricNames.checkpointLateness}_bucket`, { le: '0.01' })).toBe(5); // a manual clock is never late
      expect(sumOf(samples, `${metricNames.tickLateness}_count`)).toBe(2); // the tick at 60 s, and the close at the end
    } finally {
      await t.close();
    }
  });
});
