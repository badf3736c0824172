import { describe, expect, it } from 'vitest';
import { openInterval } from '../interval.js';
import { acceptSession, closeRequest, endSession, pauseSession } from '../session.js';
import type { BillingStore } from '../store.js';
import { leasedRequest, nextVersion, T0 } from './records.js';

const MANY = { maxOpenPerConsultant: 10 };

/** The contract cases of {@link BillingStore.countSessionsByState}: what a sessions-by-state gauge reads. */
export function sessionCountCases(getStore: () => BillingStore): void {
  describe('sessions by state', () => {
    it('an empty store counts zero in every open state', async () => {
      expect(await getStore().countSessionsByState()).toEqual({ offered: 0, requested: 0, active: 0, paused: 0 });
    });

    it('each open session counts once, in its current state; ended sessions are not counted', async () => {
      const store = getStore();
      const offered = {
        ...leasedRequest('s-offered', 'u1', 'c1'),
        status: 'offered' as const,
        source: 'waitlist' as const,
      };
      const requested = leasedRequest('s-requested', 'u2', 'c1');
      const active = leasedRequest('s-active', 'u3', 'c2');
      const paused = leasedRequest('s-paused', 'u4', 'c2');
      const rejected = leasedRequest('s-rejected', 'u5', 'c3');
      const finished = leasedRequest('s-finished', 'u6', 'c3');
      for (const each of [offered, requested, active, paused, rejected, finished]) {
        expect(await store.insertSession(each, MANY)).toBe('created');
      }
      const running = (record: typeof active) => openInterval(acceptSession(record, T0 + 5), T0 + 5, 15_000);
      expect(await store.updateSession(nextVersion(running(active)))).toBe(true);
      expect(await store.updateSession(nextVersion(pauseSession(running(paused), T0 + 10)))).toBe(true);
      expect(await store.updateSession(nextVersion(closeRequest(rejected, T0 + 5, 'rejected')))).toBe(true);
      expect(await store.updateSession(nextVersion(endSession(running(finished), T0 + 20, 'user')))).toBe(true);
      expect(await store.countSessionsByState()).toEqual({ offered: 1, requested: 1, active: 1, paused: 1 });
    });

    it('a session moving between states moves its count with it', async () => {
      const store = getStore();
      const requested = leasedRequest('s1', 'u1', 'c1');
      await store.insertSession(requested, MANY);
      expect(await store.countSessionsByState()).toMatchObject({ requested: 1, active: 0 });
      const active = nextVersion(openInterval(acceptSession(requested, T0 + 5), T0 + 5, 15_000));
      expect(await store.updateSession(active)).toBe(true);
      expect(await store.countSessionsByState()).toMatchObject({ requested: 0, active: 1 });
      expect(await store.updateSessions([nextVersion(endSession(active, T0 + 30, 'user'))])).toEqual([true]);
      expect(await store.countSessionsByState()).toEqual({ offered: 0, requested: 0, active: 0, paused: 0 });
    });
  });
}
