import { afterEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../src/protocol.js';
import { type Harness, startHarness, TRANSPORTS } from './harness.js';
import { rawSocket } from './raw-socket.js';

describe.each(TRANSPORTS)('server shutdown over %s', (transport) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it('delivers the frames sent just before it closes, then closes with 1001', async () => {
    harness = await startHarness({ transport });
    const socket = await rawSocket(harness, 'user:asha');
    const events = () => socket.frames.filter((frame) => frame.type === 'event').map((frame) => frame.event);
    await expect.poll(events).toContain('welcome');

    // Same turn: the event is queued for the end of the turn, the close comes first in code.
    void harness.server.publishToUser('asha', { event: 'notice', data: { last: true } });
    const closing = harness.server.close();
    expect(await socket.closed).toBe(CloseCodes.goingAway);
    expect(events()).toEqual(['welcome', 'notice']);
    await closing;
  });
});
