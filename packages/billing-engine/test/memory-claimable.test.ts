import { propertyRuns } from '@jyotishconnect/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeaseIndex } from '../src/adapters/memory/lease-index.js';
import { MemoryBillingStore } from '../src/adapters/memory/store.js';
import type { SessionRecord } from '../src/session-record.js';
import { leasedRequest, T0 } from '../src/testing/records.js';

const LIMITS = { maxOpenPerConsultant: 1_000 };

function opened(id: number, leaseUntil: number): SessionRecord {
  return leasedRequest(`s${id}`, `u${id}`, 'c1', { leaseUntil });
}

/** What `claimableSessions` must return, read by a scan of every stored session (as the SQL adapter's query reads). */
function scanned(sessions: Iterable<SessionRecord>, now: number, owner: string | null, limit: number): string[] {
  return [...sessions]
    .filter((s) => s.status !== 'ended' && (s.leaseUntil <= now || (owner !== null && s.leaseOwner === owner)))
    .sort((a, b) => a.leaseUntil - b.leaseUntil || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.id);
}

const write = fc.record({
  session: fc.integer({ min: 0, max: 7 }),
  // Few distinct instants, so leases tie and move back and forth.
  leaseUntil: fc.integer({ min: 0, max: 6 }).map((step) => T0 + step * 10),
  owner: fc.constantFrom('engine:a', 'engine:b', null),
  end: fc.boolean(),
});
const poll = fc.record({
  now: fc.integer({ min: 0, max: 7 }).map((step) => T0 + step * 10),
  owner: fc.constantFrom('engine:a', null),
  limit: fc.integer({ min: 1, max: 9 }),
});

describe('memory billing store: claimable sessions from the lease index', () => {
  it('gives what a scan of every session gives, whatever the writes, ties and ends before a poll', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(write, poll), { maxLength: 120 }), async (steps) => {
        const store = new MemoryBillingStore();
        const stored = new Map<string, SessionRecord>();
        // The session each of the eight slots writes; an ended one is followed by a new session.
        const slots = new Map<number, string>();
        for (const step of steps) {
          if ('limit' in step) {
            const claimable = await store.claimableSessions(step);
            expect(claimable.map((s) => s.id)).toEqual(scanned(stored.values(), step.now, step.owner, step.limit));
            continue;
          }
          const before = stored.get(slots.get(step.session) ?? '');
          if (before === undefined || before.status === 'ended') {
            const fresh = opened(stored.size, step.leaseUntil);
            expect(await store.insertSession(fresh, LIMITS)).toBe('created');
            stored.set(fresh.id, fresh);
            slots.set(step.session, fresh.id);
            continue;
          }
          const after: SessionRecord = {
            ...before,
            version: before.version + 1,
            leaseOwner: step.owner,
            leaseUntil: step.leaseUntil,
            ...(step.end ? { status: 'ended', endReason: 'host' } : {}),
          };
          expect(await store.updateSession(after)).toBe(true);
          stored.set(after.id, after);
        }
      }),
      { numRuns: propertyRuns(200), seed: 17 },
    );
  });

  it('lists a session once when its lease moved away and back before the poll', async () => {
    const store = new MemoryBillingStore();
    let session = opened(0, T0);
    await store.insertSession(session, LIMITS);
    for (const leaseUntil of [T0 + 10, T0, T0 + 10, T0]) {
      session = { ...session, version: session.version + 1, leaseUntil };
      await store.updateSession(session);
    }
    expect((await store.claimableSessions({ now: T0 + 20, owner: null, limit: 5 })).map((s) => s.id)).toEqual(['s0']);
  });

  it('keeps one entry per session however often its lease is renewed, and none once it ends', () => {
    const index = new LeaseIndex();
    for (let renewal = 0; renewal <= 5_000; renewal++) index.set('s0', T0 + renewal * 1_000);
    index.set('s1', T0);
    expect(index.size).toBe(2);
    expect(index.expiredBy(T0 + 5_000_000, 10)).toEqual(['s1', 's0']);
    expect(index.expiredBy(T0 + 4_999_999, 10)).toEqual(['s1']);
    index.delete('s1');
    expect(index.size).toBe(1);
    expect(index.expiredBy(T0 + 5_000_000, 10)).toEqual(['s0']);
  });

  it('polls as a sort of its sessions does, after renewals in both directions and ends', () => {
    const op = fc.oneof(
      fc.record({ session: fc.integer({ min: 0, max: 40 }), step: fc.integer({ min: 0, max: 30 }), end: fc.boolean() }),
      fc.record({ now: fc.integer({ min: 0, max: 30 }), limit: fc.integer({ min: 1, max: 12 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const index = new LeaseIndex();
        const model = new Map<string, number>();
        for (const next of ops) {
          if ('limit' in next) {
            const expected = [...model]
              .filter(([, leaseUntil]) => leaseUntil <= T0 + next.now)
              .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1))
              .slice(0, next.limit)
              .map(([id]) => id);
            expect(index.expiredBy(T0 + next.now, next.limit)).toEqual(expected);
            continue;
          }
          const id = `s${next.session}`;
          if (next.end) {
            index.delete(id);
            model.delete(id);
          } else {
            index.set(id, T0 + next.step);
            model.set(id, T0 + next.step);
          }
          expect(index.size).toBe(model.size);
        }
      }),
      { numRuns: propertyRuns(200), seed: 23 },
    );
  });
});
