import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textFrame } from '../src/server/text-frame.js';

/** The slice of `ws`'s frame parser the test uses (@types/ws does not describe it). */
interface FrameReceiver {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  write(chunk: Buffer): void;
}
const { Receiver } = createRequire(import.meta.url)('ws') as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReceiver;
};

/** Parses frames as a `ws` client does; resolves with the text messages received. */
function parse(frame: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    receiver.on('message', (data, isBinary) => (isBinary ? reject(new Error('binary')) : resolve(data.toString())));
    receiver.on('error', reject);
    receiver.write(frame);
  });
}

describe('textFrame', () => {
  it('is a text frame a WebSocket client reads back, at every length class', async () => {
    const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000];
    for (const length of lengths) {
      const text = 'a'.repeat(length);
      expect(await parse(textFrame(text))).toBe(text);
    }
  });

  it('carries any string as UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        expect(await parse(textFrame(text))).toBe(Buffer.from(text).toString());
      }),
    );
  });
});
