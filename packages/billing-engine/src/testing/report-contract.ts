import { propertyRuns } from '@jyotishconnect/core/testing';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BillingReportStore, billingReport, type ReportOptions, type ReportRow } from '../report.js';
import { requestSession } from '../session.js';
import type { SessionRecord } from '../session-record.js';
import type { BillingStore } from '../store.js';

/** What a report-contract store factory returns. */
export interface BillingReportStoreFixture {
  /** A store with no data in it. */
  store: BillingStore & BillingReportStore;
  /** Releases connections or folders; called after each test. */
  close?: () => Promise<void>;
}

const DAY = 86_400_000;
/** A run's sessions lie in their own 40 days, so runs sharing one store never see each other's. */
const RUN_SPAN = 40 * DAY;
const T0 = Date.UTC(2026, 0, 1);
/** Fixed offsets, so the reference computes days without a time-zone library. */
const OFFSETS: Record<string, number> = { UTC: 0, 'Asia/Kolkata': 330 * 60_000 };

/** A finished (or never accepted) session with the given totals. */
function endedSession(id: string, fields: Partial<SessionRecord> & { acceptedAt: number | null }): SessionRecord {
  const requestedAt = (fields.acceptedAt ?? T0) - 1_000;
  const requested = requestSession({
    id,
    userId: `user:${id}`,
    consultantId: fields.consultantId ?? 'consultant:a',
    service: 'chat',
    source: 'direct',
    ratePerMinute: 1_000,
    commissionBps: 2_000,
    freeSeconds: 0,
    now: requestedAt,
    expiresAt: requestedAt + 60_000,
  });
  return { ...requested, ...fields, status: 'ended', endReason: fields.acceptedAt === null ? 'expired' : 'user' };
}

/** The report computed the plain way, from the sessions a test inserted. */
function naiveReport(
  sessions: readonly SessionRecord[],
  options: Required<Omit<ReportOptions, 'consultantId'>> & { consultantId?: string },
): ReportRow[] {
  const rows = new Map<string, ReportRow>();
  for (const s of sessions) {
    if (s.acceptedAt === null || s.acceptedAt < options.from || s.acceptedAt >= options.to) continue;
    if (options.consultantId !== undefined && s.consultantId !== options.consultantId) continue;
    const offset = OFFSETS[options.timeZone] ?? 0;
    const key =
      options.groupBy === 'consultant' ? s.consultantId : new Date(s.acceptedAt + offset).toISOString().slice(0, 10);
    const row = rows.get(key);
    rows.set(key, {
      key,
      sessions: (row?.sessions ?? 0) + 1,
      seconds: (row?.seconds ?? 0) + Math.floor(s.servedMs / 1000),
      userCharged: (row?.userCharged ?? 0) + s.userCharged,
      promoCharged: (row?.promoCharged ?? 0) + s.promoCharged,
      consultantShare: (row?.consultantShare ?? 0) + s.consultantShare,
      commission: (row?.commission ?? 0) + s.commission,
    });
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

const sessionFields = fc.record({
  accepted: fc.boolean(),
  at: fc.integer({ min: 0, max: 30 * DAY }),
  consultant: fc.constantFrom('consultant:a', 'consultant:B', 'consultant:c-1'),
  servedMs: fc.integer({ min: 0, max: 3 * 3_600_000 }),
  userCharged: fc.integer({ min: 0, max: 2_000_000 }),
  promoCharged: fc.integer({ min: 0, max: 10_000 }),
  consultantShare: fc.integer({ min: 0, max: 2_000_000 }),
  commission: fc.integer({ min: 0, max: 500_000 }),
});

/**
 * The contract of billing reports: every adapter's one-query report equals
 * a plain computation over the same sessions, on seeded random data.
 *
 * @example
 * ```ts
 * billingReportContract('memory', async () => ({ store: createMemoryBillingStore() }));
 * ```
 */
export function billingReportContract(
  name: string,
  makeStore: () => Promise<BillingReportStoreFixture>,
  options: { runs?: number } = {},
): void {
  describe(`billing report contract: ${name}`, () => {
    let store: BillingStore & BillingReportStore;
    let close: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      const fixture = await makeStore();
      store = fixture.store;
      close = fixture.close;
    });
    afterEach(async () => {
      await close?.();
    });

    it('reports by day and by consultant equal a plain sum over the same random sessions', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(sessionFields, { maxLength: 25 }),
          fc.constantFrom('UTC', 'Asia/Kolkata'),
          fc.integer({ min: 0, max: 30 * DAY }),
          fc.integer({ min: 1, max: 31 * DAY }),
          async (fields, timeZone, fromOffset, span) => {
            const base = T0 + run++ * RUN_SPAN;
            const sessions = fields.map((f, i) =>
              endedSession(`r${run}s${i}`, {
                acceptedAt: f.accepted ? base + f.at : null,
                consultantId: f.consultant,
                servedMs: f.servedMs,
                userCharged: f.userCharged,
                promoCharged: f.promoCharged,
                consultantShare: f.consultantShare,
                commission: f.commission,
              }),
            );
            for (const s of sessions) await store.insertSession(s, { maxOpenPerConsultant: 1 });
            const window = { from: base + fromOffset, to: base + fromOffset + span, timeZone };
            for (const groupBy of ['day', 'consultant'] as const) {
              expect(await billingReport(store, { ...window, groupBy })).toEqual(
                naiveReport(sessions, { ...window, groupBy }),
              );
            }
            const one = { ...window, groupBy: 'day' as const, consultantId: 'consultant:B' };
            expect(await billingReport(store, one)).toEqual(naiveReport(sessions, one));
          },
        ),
        { numRuns: propertyRuns(options.runs ?? 12), seed: 16 },
      );
    });

    it('a day is the calendar day in the time zone: 20:00 UTC is the next day in Kolkata', async () => {
      const late = Date.UTC(2026, 2, 10, 20, 0);
      await store.insertSession(endedSession('late', { acceptedAt: late, userCharged: 700, servedMs: 61_999 }), {
        maxOpenPerConsultant: 1,
      });
      const window = { from: late - DAY, to: late + DAY };
      expect(await billingReport(store, { ...window, timeZone: 'UTC' })).toMatchObject([
        { key: '2026-03-10', seconds: 61 },
      ]);
      expect(await billingReport(store, window)).toMatchObject([{ key: '2026-03-11', userCharged: 700 }]);
    });

    it('bad options are INVALID_INPUT', async () => {
      const bad = [
        { from: 10, to: 10 },
        { from: 0, to: 401 * DAY },
        { from: 0, to: DAY, timeZone: 'Mars/Olympus' },
        { from: 0, to: DAY, groupBy: 'week' as 'day' },
        { from: -1, to: DAY },
      ];
      for (const options of bad)
        await expect(billingReport(store, options)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });
}
