import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryBillingStore } from '../src/adapters/memory/index.js';
import { overwrite, recordOf, SessionTimes, storedOf } from '../src/adapters/memory/session-rows.js';
import type { SessionRecord } from '../src/session-record.js';
import type { BillingStore } from '../src/store.js';
import { leasedRequest, T0 } from '../src/testing/records.js';
import { acceptedChat } from './accepted-chat.js';
import { intercepted } from './intercepted.js';

// The memory store keeps a session's times in a row of numbers and the rest in an object it
// writes in place (`session-rows.ts`); the engine keeps no copy of a running session between
// its ticks on it. Whatever the times, a read must give back exactly the record written.

const time = fc.oneof(
  fc.constant(0),
  fc.integer({ min: T0 - 10 ** 9, max: T0 + 10 ** 9 }),
  fc.double({ min: -(2 ** 53), max: 2 ** 53, noNaN: true }),
);
const times = fc.record({
  requestedAt: time,
  requestExpiresAt: time,
  acceptedAt: fc.option(time),
  pausedAt: fc.option(time),
  endedAt: fc.option(time),
  userAwaySince: fc.option(time),
  userBackAt: fc.option(time),
  consultantAwaySince: fc.option(time),
  consultantBackAt: fc.option(time),
  intervalStartedAt: time,
  leaseUntil: time,
  checkpointAt: time,
});

describe('rows of session times', () => {
  it('read back every record as written, and as overwritten in place', () => {
    fc.assert(
      fc.property(times, times, (first, second) => {
        const rows = new SessionTimes();
        const written = leasedRequest('s1', 'u1', 'c1', first);
        const stored = storedOf(written, rows.add(written));
        expect(recordOf(stored, rows)).toEqual(written);
        const next: SessionRecord = { ...written, ...second, status: 'active', servedMs: 15_000, version: 2 };
        overwrite(stored, rows, next);
        expect(recordOf(stored, rows)).toEqual(next);
        expect(Object.keys(recordOf(stored, rows)).sort()).toEqual(Object.keys(written).sort());
      }),
      { numRuns: 200, seed: 17 },
    );
  });

  it('keep each row its own across chunks', () => {
    const rows = new SessionTimes();
    const records = Array.from({ length: 9_000 }, (_, k) =>
      leasedRequest(`s${k}`, `u${k}`, 'c1', { leaseUntil: T0 + k }),
    );
    const stored = records.map((record) => storedOf(record, rows.add(record)));
    overwrite(stored[4_096] as ReturnType<typeof storedOf>, rows, {
      ...(records[4_096] as SessionRecord),
      leaseUntil: 1,
    });
    expect(recordOf(stored[4_095] as ReturnType<typeof storedOf>, rows).leaseUntil).toBe(T0 + 4_095);
    expect(recordOf(stored[4_096] as ReturnType<typeof storedOf>, rows).leaseUntil).toBe(1);
    expect(recordOf(stored[8_999] as ReturnType<typeof storedOf>, rows)).toEqual(records[8_999]);
  });
});

describe('an engine on a store in process memory', () => {
  /** The memory store, in process or not as asked, counting its reads; every other call goes straight through. */
  function countingStore(inProcess: boolean): { store: BillingStore; reads: () => number } {
    const inner = createMemoryBillingStore();
    let reads = 0;
    const store = intercepted<BillingStore>(inner, {
      inProcess,
      getSession: (id) => {
        reads++;
        return inner.getSession(id);
      },
    });
    return { store, reads: () => reads };
  }

  async function readsInFourTicks(inProcess: boolean, groupCommit: boolean): Promise<number> {
    const { store, reads } = countingStore(inProcess);
    const { billing, id } = await acceptedChat({
      store,
      config: groupCommit ? { groupCommit: { maxDelayMs: 0 } } : {},
    });
    const before = reads();
    for (let k = 1; k <= 4; k++) await billing.advance(15_000);
    const after = reads();
    const session = await billing.engine.getSession(id);
    await billing.engine.close();
    // 20 paise a second, 15 s a tick: billing is the same whichever way the record was kept.
    expect(session?.summary.userCharged).toBe(4 * 300);
    return after - before;
  }

  it('reads a running session back at each tick instead of keeping a copy after the accept', async () => {
    expect(await readsInFourTicks(true, false)).toBe(4);
    expect(await readsInFourTicks(true, true)).toBe(4);
  });

  it('keeps its copy between ticks on a store that waits on I/O', async () => {
    expect(await readsInFourTicks(false, false)).toBe(0);
    expect(await readsInFourTicks(false, true)).toBe(0);
  });
});
