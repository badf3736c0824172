import { Duplex } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { WriteBatch } from '../src/server/write-batch.js';

/** A socket stand-in recording each write call it receives (a `writev` counts once). */
function recordingSocket() {
  const writes: string[][] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      writes.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      done();
    },
  });
  return { socket, writes };
}

describe('WriteBatch', () => {
  it('sends the frames of one turn on each socket in one write, after the turn', async () => {
    const batch = new WriteBatch();
    const a = recordingSocket();
    const b = recordingSocket();
    for (const [target, text] of [
      [a, 'a1'],
      [b, 'b1'],
      [a, 'a2'],
    ] as const) {
      batch.hold(target.socket);
      target.socket.write(text);
    }
    expect(a.writes).toEqual([]);
    await nextTurn();
    expect(a.writes).toEqual([['a1', 'a2']]);
    expect(b.writes).toEqual([['b1']]);

    batch.hold(a.socket);
    a.socket.write('a3');
    await nextTurn();
    expect(a.writes).toEqual([['a1', 'a2'], ['a3']]);
  });
});
