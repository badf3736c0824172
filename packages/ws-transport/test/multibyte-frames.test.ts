import { afterEach, describe, expect, it } from 'vitest';
import { CloseCodes } from '../src/protocol.js';
import { eventually, type Harness, startHarness, TRANSPORTS } from './harness.js';
import { rawSocket } from './raw-socket.js';

const MAX_FRAME_BYTES = 1_024;

/** A ping padded with Devanagari: one UTF-16 code unit a letter, three UTF-8 bytes. */
function hindiPing(id: string, letters: number): string {
  return JSON.stringify({ v: 1, id, type: 'ping', pad: 'न'.repeat(letters) });
}

describe.each(TRANSPORTS)('Hindi frames against maxFrameBytes over %s', (transport) => {
  let harness: Harness;
  afterEach(async () => {
    await harness.close();
  });

  it('a frame is measured in bytes: under the bound in characters but over it in bytes, it closes with 1009', async () => {
    harness = await startHarness({ transport, limits: { maxFrameBytes: MAX_FRAME_BYTES } });
    const within = hindiPing('within', 300);
    const over = hindiPing('over', 400);
    expect(Buffer.byteLength(within)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(over.length).toBeLessThan(MAX_FRAME_BYTES);
    expect(Buffer.byteLength(over)).toBeGreaterThan(MAX_FRAME_BYTES);

    const socket = await rawSocket(harness, 'user:asha');
    socket.send(within);
    // Answered (the pad is not a ping field: a typed error), and the connection stays open.
    await eventually(() => socket.frames.some((frame) => frame.id === 'within'), 15_000);
    expect(socket.isOpen()).toBe(true);
    expect(socket.frames.find((frame) => frame.id === 'within')?.code).toBe('INVALID_FRAME');
    socket.send(over);
    expect(await socket.closed).toBe(CloseCodes.tooLarge);
  });
});
