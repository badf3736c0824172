import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textFrames } from '../src/server/websocket-frames.js';

/** The slice of `ws`'s frame parser the test uses (@types/ws does not describe it). */
interface FrameReceiver {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  write(chunk: Buffer): void;
}
const { Receiver } = createRequire(import.meta.url)('ws') as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReceiver;
};

/** Parses a buffer as a `ws` client does; returns the text messages it carries, or throws on a bad frame. */
function parse(buffer: Buffer): string[] {
  const messages: string[] = [];
  let failure: Error | undefined;
  const receiver = new Receiver({ isServer: false, maxPayload: 0 });
  receiver.on('message', (data, isBinary) => {
    if (isBinary) failure ??= new Error('binary frame');
    messages.push(data.toString());
  });
  receiver.on('error', (error) => {
    failure ??= error;
  });
  receiver.write(buffer);
  if (failure) throw failure;
  return messages;
}

describe('textFrames', () => {
  it('are text frames a WebSocket client reads back, at every length class', () => {
    const texts = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000].map((length) => 'a'.repeat(length));
    for (const text of texts) expect(parse(textFrames([text]))).toEqual([text]);
    expect(parse(textFrames(texts))).toEqual(texts);
  });

  it('carry any strings as UTF-8, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 5 }), (texts) => {
        expect(parse(textFrames(texts))).toEqual(texts.map((text) => Buffer.from(text).toString()));
      }),
    );
  });
});
