import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { WriteBatch } from '../src/server/write-batch.js';

/** A target that records how many times it was flushed. */
function target() {
  const flushed: number[] = [];
  return { flushed, flush: () => void flushed.push(flushed.length + 1) };
}

describe('WriteBatch', () => {
  it('flushes each held target once, after the turn', async () => {
    const batch = new WriteBatch();
    const a = target();
    const b = target();
    batch.hold(a);
    batch.hold(b);
    expect(a.flushed).toEqual([]);
    await nextTurn();
    expect([a.flushed, b.flushed]).toEqual([[1], [1]]);

    batch.hold(a);
    await nextTurn();
    expect([a.flushed, b.flushed]).toEqual([[1, 2], [1]]);
  });

  it('leaves a target held while flushing for the next turn', async () => {
    const batch = new WriteBatch();
    const late = target();
    batch.hold({ flush: () => batch.hold(late) });
    await nextTurn();
    expect(late.flushed).toEqual([]);
    await nextTurn();
    expect(late.flushed).toEqual([1]);
  });
});
