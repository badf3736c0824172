import { describe, expect, it } from 'vitest';
import { openInterval } from '../interval.js';
import { acceptSession, endSession } from '../session.js';
import type { SessionRecord } from '../session-record.js';
import type { BillingStore } from '../store.js';
import { leasedRequest, nextVersion, T0 } from './records.js';

const ONE = { maxOpenPerConsultant: 1 };

function session(id: string, userId: string): SessionRecord {
  return leasedRequest(id, userId, `c:${id}`);
}

const next = nextVersion;

/** Inserts `count` sessions of distinct users and consultants; returns them as stored. */
async function insertMany(store: BillingStore, count: number): Promise<SessionRecord[]> {
  const sessions = Array.from({ length: count }, (_, i) => session(`s${i}`, `u${i}`));
  for (const each of sessions) expect(await store.insertSession(each, ONE)).toBe('created');
  return sessions;
}

/** The contract cases of {@link BillingStore.updateSessions}: many compare-and-sets in one call. */
export function batchUpdateCases(getStore: () => BillingStore): void {
  describe('batched updates', () => {
    it('a batch of next versions replaces every record, each reading back unchanged', async () => {
      const store = getStore();
      const stored = await insertMany(store, 5);
      const written = stored.map((each, i) =>
        next(openInterval(acceptSession(each, T0 + i), T0 + i, 15_000), {
          servedMs: 2 ** 40 + i,
          lowBalance: i % 2 === 0,
        }),
      );
      expect(await store.updateSessions(written)).toEqual([true, true, true, true, true]);
      for (const each of written) expect(await store.getSession(each.id)).toEqual(each);
    });

    it('a stale version inside a batch fails alone; the rest of the batch is written', async () => {
      const store = getStore();
      const [a, b, c] = await insertMany(store, 3);
      if (!a || !b || !c) throw new Error('three sessions were inserted');
      const moved = next(b, { leaseOwner: 'engine:b' });
      await store.updateSession(moved);
      const batch = [
        next(a, { leaseOwner: 'engine:c' }),
        next(b, { leaseOwner: 'engine:c' }),
        next(c, { leaseOwner: 'engine:c' }),
      ];
      expect(await store.updateSessions(batch)).toEqual([true, false, true]);
      expect(await store.getSession(b.id)).toEqual(moved);
      expect((await store.getSession(a.id))?.leaseOwner).toBe('engine:c');
      expect((await store.getSession(c.id))?.leaseOwner).toBe('engine:c');
    });

    it('an unknown session inside a batch is refused alone', async () => {
      const store = getStore();
      const [a] = await insertMany(store, 1);
      if (!a) throw new Error('one session was inserted');
      const batch = [next(session('ghost', 'u:ghost')), next(a, { leaseOwner: 'engine:c' })];
      expect(await store.updateSessions(batch)).toEqual([false, true]);
      expect(await store.getSession('ghost')).toBeNull();
    });

    it('two versions of one session in a batch apply in order, as one-by-one calls would', async () => {
      const store = getStore();
      const [a] = await insertMany(store, 1);
      if (!a) throw new Error('one session was inserted');
      const accepted = next(acceptSession(a, T0 + 1));
      const ended = next(endSession(accepted, T0 + 2, 'user'));
      const stale = next(a, { leaseOwner: 'engine:late' });
      expect(await store.updateSessions([accepted, stale, ended])).toEqual([true, false, true]);
      expect(await store.getSession(a.id)).toEqual(ended);
      expect(await store.openSessions({ userId: a.userId })).toEqual([]);
    });

    it('racing batches from one version: exactly one write of the session wins', async () => {
      const store = getStore();
      const [a] = await insertMany(store, 1);
      if (!a) throw new Error('one session was inserted');
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.updateSessions([next(a, { leaseOwner: `engine:${i}` })])),
      );
      expect(results.flat().filter(Boolean)).toHaveLength(1);
    });

    it('an empty batch writes nothing', async () => {
      expect(await getStore().updateSessions([])).toEqual([]);
    });
  });
}
