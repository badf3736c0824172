import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeInterval, closingCharge, openInterval } from '../interval.js';
import { openHold } from '../plan.js';
import { dueAt } from '../proration.js';
import { offerService, switchService } from '../service-switch.js';
import { acceptSession, endSession } from '../session.js';
import type { BillingStore, WaitlistEntry } from '../store.js';
import { batchUpdateCases } from './batch-update-cases.js';
import { sessionCountCases } from './count-cases.js';
import { leasedRequest, nextVersion, T0 } from './records.js';

/** What a contract-suite store factory returns. */
export interface BillingStoreFixture {
  /** A store with no data in it. */
  store: BillingStore;
  /** Releases connections or folders; called after each test. */
  close?: () => Promise<void>;
}

/** Creates an empty store for one test. */
export type MakeBillingStore = () => Promise<BillingStoreFixture>;

const ONE = { maxOpenPerConsultant: 1 };

const session = leasedRequest;

const next = nextVersion;

function entry(id: string, userId: string, consultantId: string, joinedAt = T0): WaitlistEntry {
  return { id, userId, consultantId, service: 'voice', joinedAt };
}

/**
 * The contract every {@link BillingStore} adapter must pass. Call it from a
 * vitest file with a factory that returns an empty store:
 *
 * @example
 * ```ts
 * billingStoreContract('memory', async () => ({ store: createMemoryBillingStore() }));
 * ```
 */
export function billingStoreContract(name: string, makeStore: MakeBillingStore): void {
  describe(`billing store contract: ${name}`, () => {
    let store: BillingStore;
    let close: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const fixture = await makeStore();
      store = fixture.store;
      close = fixture.close;
    });
    afterEach(async () => {
      await close?.();
    });

    describe('sessions', () => {
      it('a stored session reads back with every field unchanged', async () => {
        const active = openInterval(acceptSession(session('s1', 'u1', 'c1'), T0 + 5), T0 + 5, 15_000);
        const record = { ...active, servedMs: 2 ** 40, userCharged: 2 ** 45, lowBalance: true, endReason: null };
        expect(await store.insertSession(record, ONE)).toBe('created');
        expect(await store.getSession('s1')).toEqual(record);
      });

      it('a session switched to another service keeps pricing its seconds before the switch at the old rate', async () => {
        // 37.5 s of chat at 2,500/min, then video at 6,000/min from second 37.
        const chat = openInterval(acceptSession(session('s1', 'u1', 'c1'), T0 + 5), T0 + 5, 60_000);
        expect(await store.insertSession(chat, ONE)).toBe('created');
        const offered = next(offerService(chat, 'video'));
        expect(await store.updateSession(offered)).toBe(true);
        const switched = switchService(closeInterval(offered, 37_500), 'video', 6_000);
        const video = next(openInterval(switched, T0 + 37_505, 15_000));
        expect(await store.updateSession(video)).toBe(true);
        const stored = await store.getSession('s1');
        expect(stored).toEqual(video);
        if (!stored) return;
        expect(stored).toMatchObject({ service: 'video', offeredService: null, rateFromSeconds: 37, rateFromIndex: 2 });
        expect(closingCharge(stored).user).toBe(dueAt(2_500, 37));
        // The open interval runs from 37.5 s to 52.5 s: seconds 37 to 52 at the video rate.
        expect(openHold(stored)).toBe(dueAt(6_000, 52 - 37));
        expect(stored.userCharged + openHold(stored)).toBe(dueAt(2_500, 37) + dueAt(6_000, 15));
      });

      it('an unknown session reads as null', async () => {
        expect(await store.getSession('nope')).toBeNull();
      });

      it('inserting an existing id is a duplicate and keeps the first', async () => {
        await store.insertSession(session('s1', 'u1', 'c1'), ONE);
        expect(await store.insertSession(session('s1', 'u2', 'c2'), ONE)).toBe('duplicate');
        expect((await store.getSession('s1'))?.userId).toBe('u1');
      });

      it('a user with an open session cannot open a second one', async () => {
        await store.insertSession(session('s1', 'u1', 'c1'), ONE);
        expect(await store.insertSession(session('s2', 'u1', 'c2'), ONE)).toBe('user_busy');
        expect(await store.getSession('s2')).toBeNull();
      });

      it('a user whose session ended may open another', async () => {
        const first = session('s1', 'u1', 'c1');
        await store.insertSession(first, ONE);
        expect(await store.updateSession(next(first, { status: 'ended', endReason: 'cancelled' }))).toBe(true);
        expect(await store.insertSession(session('s2', 'u1', 'c1'), ONE)).toBe('created');
      });

      it('a consultant takes at most the configured number of open sessions', async () => {
        const two = { maxOpenPerConsultant: 2 };
        expect(await store.insertSession(session('s1', 'u1', 'c1'), two)).toBe('created');
        expect(await store.insertSession(session('s2', 'u2', 'c1'), two)).toBe('created');
        expect(await store.insertSession(session('s3', 'u3', 'c1'), two)).toBe('consultant_busy');
        expect(await store.insertSession(session('s4', 'u4', 'c2'), two)).toBe('created');
      });

      it('racing requests of one user open exactly one session', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, i) => store.insertSession(session(`s${i}`, 'u1', `c${i}`), ONE)),
        );
        expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
        expect(await store.openSessions({ userId: 'u1' })).toHaveLength(1);
      });

      it('racing requests for one consultant never exceed capacity', async () => {
        const three = { maxOpenPerConsultant: 3 };
        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, i) => store.insertSession(session(`s${i}`, `u${i}`, 'c1'), three)),
        );
        expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(3);
        expect(await store.openSessions({ consultantId: 'c1' })).toHaveLength(3);
      });

      it('an update with the next version replaces the record', async () => {
        const first = session('s1', 'u1', 'c1');
        await store.insertSession(first, ONE);
        const accepted = next(acceptSession(first, T0 + 1));
        expect(await store.updateSession(accepted)).toBe(true);
        expect(await store.getSession('s1')).toEqual(accepted);
      });

      it('an update from a stale version is refused and changes nothing', async () => {
        const first = session('s1', 'u1', 'c1');
        await store.insertSession(first, ONE);
        await store.updateSession(next(first, { leaseOwner: 'engine:b' }));
        expect(await store.updateSession(next(first, { leaseOwner: 'engine:c' }))).toBe(false);
        expect((await store.getSession('s1'))?.leaseOwner).toBe('engine:b');
      });

      it('an update of an unknown session is refused', async () => {
        expect(await store.updateSession(next(session('s1', 'u1', 'c1')))).toBe(false);
      });

      it('racing updates from one version: exactly one wins', async () => {
        const first = session('s1', 'u1', 'c1');
        await store.insertSession(first, ONE);
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.updateSession(next(first, { leaseOwner: `engine:${i}` }))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(await store.getSession('s1')).toMatchObject({ version: 2, leaseOwner: `engine:${winner}` });
      });

      it('open sessions are listed by user and by consultant, ended ones are not', async () => {
        const a = session('s1', 'u1', 'c1');
        await store.insertSession(a, { maxOpenPerConsultant: 5 });
        await store.insertSession(session('s2', 'u2', 'c1'), { maxOpenPerConsultant: 5 });
        await store.updateSession(next(a, { status: 'ended', endReason: 'rejected' }));
        expect((await store.openSessions({ consultantId: 'c1' })).map((s) => s.id)).toEqual(['s2']);
        expect(await store.openSessions({ userId: 'u1' })).toEqual([]);
        expect((await store.openSessions({ userId: 'u2' })).map((s) => s.id)).toEqual(['s2']);
      });

      it('claimable sessions are open ones whose lease ended, or held by the asking engine, oldest lease first', async () => {
        const five = { maxOpenPerConsultant: 5 };
        await store.insertSession(session('late', 'u1', 'c1', { leaseUntil: T0 + 20 }), five);
        await store.insertSession(session('early', 'u2', 'c1', { leaseUntil: T0 + 10 }), five);
        await store.insertSession(session('live', 'u3', 'c1', { leaseUntil: T0 + 1_000 }), five);
        await store.insertSession(
          session('mine', 'u4', 'c1', { leaseUntil: T0 + 2_000, leaseOwner: 'engine:b' }),
          five,
        );
        const ended = session('ended', 'u5', 'c1', { leaseUntil: T0 });
        await store.insertSession(ended, five);
        await store.updateSession(next(ended, { status: 'ended', endReason: 'expired' }));
        const ids = async (owner: string | null, limit = 10) =>
          (await store.claimableSessions({ now: T0 + 100, owner, limit })).map((s) => s.id);
        expect(await ids(null)).toEqual(['early', 'late']);
        expect(await ids('engine:b')).toEqual(['early', 'late', 'mine']);
        expect(await ids(null, 1)).toEqual(['early']);
      });

      it('a user has had an accepted session once one is stored with an acceptance time', async () => {
        const first = session('s1', 'u1', 'c1');
        await store.insertSession(first, ONE);
        expect(await store.hasAcceptedSession('u1')).toBe(false);
        await store.updateSession(next(acceptSession(first, T0 + 1)));
        expect(await store.hasAcceptedSession('u1')).toBe(true);
        expect(await store.hasAcceptedSession('u2')).toBe(false);
      });

      it('an accepted session counts for its own consultant only', async () => {
        const first = session('s1', 'u1', 'c1');
        await store.insertSession(first, ONE);
        expect(await store.hasAcceptedSession('u1', 'c1')).toBe(false);
        await store.updateSession(next(acceptSession(first, T0 + 1)));
        expect(await store.hasAcceptedSession('u1', 'c1')).toBe(true);
        expect(await store.hasAcceptedSession('u1', 'c2')).toBe(false);
        expect(await store.hasAcceptedSession('u2', 'c1')).toBe(false);
      });

      it('a user accepted by several consultants, one after another, counts for each of them', async () => {
        for (const consultantId of ['c1', 'c2', 'c3']) {
          const requested = session(`s-${consultantId}`, 'u1', consultantId);
          expect(await store.insertSession(requested, ONE)).toBe('created');
          const accepted = next(acceptSession(requested, T0 + 1));
          await store.updateSession(accepted);
          await store.updateSession(next(endSession(accepted, T0 + 2, 'user')));
        }
        for (const consultantId of ['c1', 'c2', 'c3']) {
          expect(await store.hasAcceptedSession('u1', consultantId)).toBe(true);
        }
        expect(await store.hasAcceptedSession('u1', 'c4')).toBe(false);
        expect(await store.hasAcceptedSession('u1')).toBe(true);
      });
    });

    batchUpdateCases(() => store);
    sessionCountCases(() => store);

    describe('waitlist', () => {
      it('a queue is first come, first served', async () => {
        for (const i of [3, 1, 2]) await store.enqueue(entry(`e${i}`, `u${i}`, 'c1'));
        expect((await store.queue('c1')).map((e) => e.userId)).toEqual(['u3', 'u1', 'u2']);
        expect(await store.queue('c2')).toEqual([]);
      });

      it('a user waits in one queue at a time', async () => {
        const first = entry('e1', 'u1', 'c1');
        expect(await store.enqueue(first)).toEqual({ status: 'created', entry: first });
        expect(await store.enqueue(entry('e2', 'u1', 'c2'))).toEqual({ status: 'queued', entry: first });
        expect(await store.queue('c2')).toEqual([]);
      });

      it('racing joins of one user create one entry', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.enqueue(entry(`e${i}`, 'u1', `c${i % 2}`))),
        );
        expect(outcomes.filter((o) => o.status === 'created')).toHaveLength(1);
        expect((await store.queue('c0')).length + (await store.queue('c1')).length).toBe(1);
      });

      it('leaving the queue moves everyone behind up', async () => {
        for (const i of [1, 2, 3]) await store.enqueue(entry(`e${i}`, `u${i}`, 'c1'));
        expect(await store.dequeue('e2')).toBe(true);
        expect(await store.dequeue('e2')).toBe(false);
        expect((await store.queue('c1')).map((e) => e.id)).toEqual(['e1', 'e3']);
        expect(await store.queueEntryOf('u2')).toBeNull();
        expect(await store.queueEntryOf('u3')).toEqual(entry('e3', 'u3', 'c1'));
      });

      it('a user who left may join again, at the back', async () => {
        await store.enqueue(entry('e1', 'u1', 'c1'));
        await store.enqueue(entry('e2', 'u2', 'c1'));
        await store.dequeue('e1');
        await store.enqueue(entry('e3', 'u1', 'c1'));
        expect((await store.queue('c1')).map((e) => e.userId)).toEqual(['u2', 'u1']);
      });
    });
  });
}
