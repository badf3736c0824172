import { describe, expect, it } from 'vitest';
import { MODES, startTestHost } from './helpers.js';

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
});
