import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, eventually, type Harness, startHarness } from './harness.js';

describe('slow consumers over Socket.io', () => {
  let harness: Harness;
  afterEach(async () => {
    await harness.close();
  });

  it('a client that stops reading is closed once its unsent frames pass maxBufferedBytes; others carry on', async () => {
    harness = await startHarness({ transport: 'socket.io', limits: { maxBufferedBytes: 256 * 1024 } });
    const bystander = await connectClient(harness.url, 'user:asha');
    const stalled = io(harness.url, {
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
      auth: { token: 'user:slow' },
    });
    await new Promise((resolve) => stalled.once('connect', () => resolve(undefined)));
    await eventually(() => harness.server.connections === 2);
    // Stop reading at the TCP level, as a client on a dead-slow network would.
    const engine = stalled.io.engine as unknown as { transport: { ws: { _socket: import('node:net').Socket } } };
    const tcp = engine.transport.ws._socket;
    tcp.pause();

    const chunk = 'x'.repeat(32 * 1024);
    for (let sent = 0; harness.server.connections === 2 && sent < 4_000; sent++) {
      await harness.server.publishToUser('slow', { event: 'notice', data: chunk });
      // Each publish goes out at the end of its turn; let it, so the bytes really pile up.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => harness.server.connections === 1);
    await expect(bystander.client.request({ type: 'ping' })).resolves.toBeDefined();
    expect(harness.errors).toEqual([]);
    tcp.destroy(); // a paused client's close handshake would wait for a close frame it cannot read
    bystander.client.close();
  });
});
