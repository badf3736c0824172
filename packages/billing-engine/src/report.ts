import { dayFormat, isTimeZone } from '@jyotishconnect/core';
import { invalidInput } from './errors.js';
import { secondsIn } from './proration.js';
import type { SessionRecord } from './session-record.js';
import { checkId, checkTime } from './validate.js';

// Reports over sessions: what was billed, by day or by consultant. Each store
// answers a report in one query (an SQL GROUP BY, a MongoDB aggregation, one
// pass in memory); the rules of what counts live here, and the adapters mirror them.

/** How a report's rows are keyed: the calendar day a session was accepted on, or its consultant. */
export type ReportGroupBy = 'day' | 'consultant';

/** The time zone a report's days are in unless the caller names another. */
export const DEFAULT_REPORT_TIME_ZONE = 'Asia/Kolkata';

/** The longest window one report by day covers, in days. */
export const MAX_REPORT_DAYS = 400;

/** Options of {@link billingReport}. */
export interface ReportOptions {
  /** Sessions accepted at or after this instant (epoch ms) count. */
  from: number;
  /** Sessions accepted before this instant (epoch ms) count. */
  to: number;
  /** `day` (default) or `consultant`. */
  groupBy?: ReportGroupBy;
  /** IANA time zone the days are in (default `Asia/Kolkata`). */
  timeZone?: string;
  /** Only this consultant's sessions count. */
  consultantId?: string;
}

/** A checked report query, as a store receives it. */
export interface ReportQuery {
  readonly from: number;
  readonly to: number;
  readonly groupBy: ReportGroupBy;
  readonly timeZone: string;
  readonly consultantId: string | null;
}

/** One row of a report: the accepted sessions of one day or one consultant, summed. */
export interface ReportRow {
  /** The day as `YYYY-MM-DD` in the report's time zone, or the consultant's id. */
  readonly key: string;
  /** Sessions accepted (billed consultations). */
  readonly sessions: number;
  /** Seconds billed: the sum of each session's whole seconds served. */
  readonly seconds: number;
  /** Paise charged to users. */
  readonly userCharged: number;
  /** Paise charged to the promotions account (free minutes). */
  readonly promoCharged: number;
  /** Paise credited to consultants. */
  readonly consultantShare: number;
  /** Paise kept by the platform. */
  readonly commission: number;
}

/** A row of `key` with nothing counted: what a day or consultant without billed sessions reports. */
export function emptyReportRow(key: string): ReportRow {
  return { key, sessions: 0, seconds: 0, userCharged: 0, promoCharged: 0, consultantShare: 0, commission: 0 };
}

/** Stores that answer reports; every bundled billing store does. */
export interface BillingReportStore {
  /**
   * The sessions accepted in [`from`, `to`) (of one consultant when named),
   * summed per row key, in one query; rows in ascending key order.
   */
  report(query: ReportQuery): Promise<ReportRow[]>;
}

/** Checks {@link ReportOptions}: a window (of at most {@link MAX_REPORT_DAYS} days by day), a known IANA time zone. */
export function checkReportOptions(options: ReportOptions): ReportQuery {
  const from = checkTime(options.from, 'from');
  const to = checkTime(options.to, 'to');
  if (to <= from) throw invalidInput('to', 'must be after from');
  const groupBy = options.groupBy ?? 'day';
  if (groupBy !== 'day' && groupBy !== 'consultant') throw invalidInput('groupBy', 'must be day or consultant');
  // A row per day: the window bounds the rows. Rows per consultant are bounded by the consultants.
  if (groupBy === 'day' && to - from > MAX_REPORT_DAYS * 86_400_000)
    throw invalidInput('to', `must be at most ${MAX_REPORT_DAYS} days after from when grouping by day`);
  const timeZone = options.timeZone ?? DEFAULT_REPORT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw invalidInput('timeZone', 'must be an IANA time zone');
  const consultantId = options.consultantId === undefined ? null : checkId(options.consultantId, 'consultantId');
  return { from, to, groupBy, timeZone, consultantId };
}

/** True when a session counts in a report: accepted inside the window, of the named consultant if any. */
export function countsIn(session: SessionRecord, query: ReportQuery): boolean {
  const { acceptedAt } = session;
  if (acceptedAt === null || acceptedAt < query.from || acceptedAt >= query.to) return false;
  return query.consultantId === null || session.consultantId === query.consultantId;
}

/** A report computed in one pass over sessions: the memory store's query, which the others mirror. */
export function reportOf(sessions: Iterable<SessionRecord>, query: ReportQuery): ReportRow[] {
  const dayOf = dayFormat(query.timeZone);
  const rows = new Map<string, { -readonly [K in keyof ReportRow]: ReportRow[K] }>();
  for (const session of sessions) {
    if (!countsIn(session, query)) continue;
    const key = query.groupBy === 'consultant' ? session.consultantId : dayOf(session.acceptedAt as number);
    const row = rows.get(key) ?? { ...emptyReportRow(key) };
    row.sessions += 1;
    row.seconds += secondsIn(session.servedMs);
    row.userCharged += session.userCharged;
    row.promoCharged += session.promoCharged;
    row.consultantShare += session.consultantShare;
    row.commission += session.commission;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * What consultations billed between two instants, by day (in a time zone)
 * or by consultant, in one query to the store.
 *
 * @example
 * ```ts
 * const days = await billingReport(store, { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) });
 * for (const day of days) console.log(day.key, day.sessions, day.seconds / 60, day.commission);
 * ```
 */
export async function billingReport(store: BillingReportStore, options: ReportOptions): Promise<ReportRow[]> {
  return await store.report(checkReportOptions(options));
}
