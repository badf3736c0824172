import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCodes } from '../src/protocol.js';
import { type Harness, startHarness } from './harness.js';

describe('server shutdown', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it('delivers the frames sent just before it closes, then closes with 1001', async () => {
    harness = await startHarness();
    const socket = new WebSocket(`${harness.url}?token=user:asha`);
    const events: string[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; event?: string };
      if (frame.type === 'event') events.push(frame.event ?? '');
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    await expect.poll(() => events).toContain('welcome');

    // Same turn: the event is queued for the end of the turn, the close comes first in code.
    void harness.server.publishToUser('asha', { event: 'notice', data: { last: true } });
    const closing = harness.server.close();
    expect(await closed).toBe(CloseCodes.goingAway);
    expect(events).toEqual(['welcome', 'notice']);
    await closing;
    const { http } = harness;
    harness = undefined; // its server is closed; only the HTTP listener is left
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
});
