import { describe, expect, it } from 'vitest';
import { closeInterval, openInterval } from '../src/interval.js';
import { stamp } from '../src/lease.js';
import { acceptSession, requestSession } from '../src/session.js';
import { acceptedChat } from './accepted-chat.js';

// A tick builds the next record in one private copy and sets its fields in place
// (`session-draft.ts`); a record anyone already holds must never change under them.

const requested = requestSession({
  id: 's1',
  userId: 'user:asha',
  consultantId: 'consultant:guru',
  service: 'chat',
  source: 'direct',
  ratePerMinute: 1_000,
  commissionBps: 1_250,
  freeSeconds: 0,
  now: 0,
  expiresAt: 60_000,
});

describe('records a tick is built from', () => {
  it('closing, opening and stamping return a new record and leave the one they were given as it was', () => {
    // Frozen: a write into the argument would throw here instead of passing unseen.
    const active = Object.freeze(openInterval(acceptSession(requested, 10), 10, 15_000));
    const snapshot = { ...active };
    const closed = closeInterval(active, 15_000);
    const stamped = stamp(active, 'engine:a', 20, 15_010, 30_000);
    expect(closed).not.toBe(active);
    expect(stamped).not.toBe(active);
    expect(active).toEqual(snapshot);
    const frozenClosed = Object.freeze(closed);
    const reopened = openInterval(frozenClosed, 15_010, 15_000);
    expect(reopened).toMatchObject({ intervalIndex: 2, intervalStartedAt: 15_010, closingIndex: 1 });
    expect(frozenClosed).toMatchObject({ intervalIndex: 0, closingIndex: 1 });
    expect(stamped).toMatchObject({ version: active.version + 1, leaseOwner: 'engine:a', checkpointAt: 20 });
  });

  it('a stored record read before a tick is unchanged by it; the tick stores a new one', async () => {
    const { billing, id } = await acceptedChat();
    const ticks: number[] = [];
    billing.engine.on('session.tick', (tick) => ticks.push(tick.interval));

    for (let k = 1; k <= 3; k++) {
      const before = await billing.store.getSession(id);
      if (!before) throw new Error('the accepted session is stored');
      const snapshot = { ...before };
      await billing.advance(15_000);
      const after = await billing.store.getSession(id);
      expect(before).toEqual(snapshot);
      expect(after).not.toBe(before);
      expect(after).toMatchObject({ version: before.version + 1, closingIndex: before.intervalIndex });
    }
    expect(ticks).toEqual([1, 2, 3]);
    await billing.engine.close();
  });
});
