import { billingReport, emptyReportRow, type ReportGroupBy, type ReportRow } from '@jyotishconnect/billing-engine';
import type { RefundReportRow } from '@jyotishconnect/wallet-store';
import { HostError } from './errors.js';
import { nameReader } from './names.js';
import type { Services } from './services.js';

// The admin's (and each consultant's own) analytics: the billing engine's one-query
// report over a range of calendar days in the configured time zone, beside the
// wallet's one-query report of the session refunds made in those days (each names
// its consultant), with days nobody was billed on filled in as zeros so a chart's
// axis has no gaps. A refund counts on the day it was made, which may be after
// the day its session was billed: `netCharged` is what the period kept.

const DAY_MS = 86_400_000;

/** What an analytics request asks for: whole calendar days, `from` to `to` inclusive. */
export interface AnalyticsRequest {
  /** First day, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, `YYYY-MM-DD`. */
  readonly to: string;
  readonly groupBy: ReportGroupBy;
  /** Only this consultant's sessions; `null`: everyone's. */
  readonly consultantId: string | null;
}

/** One row of the analytics answer: a day or a consultant, with a label a person reads and its refunds. */
export type AnalyticsRow = ReportRow & {
  /** The day, or the consultant's display name (their id when the account is gone). */
  readonly label: string;
  /** Session refunds made in the row (on the day, or of the consultant's sessions). */
  readonly refunds: number;
  /** Paise those refunds gave back to users. */
  readonly refunded: number;
  /** `userCharged − refunded`: what users paid, net of refunds. */
  readonly netCharged: number;
};

/** A billed row with its refunds beside it. */
function withRefunds(row: ReportRow, refund: RefundReportRow | undefined, label: string): AnalyticsRow {
  const refunded = refund?.refunded ?? 0;
  return { ...row, label, refunds: refund?.refunds ?? 0, refunded, netCharged: row.userCharged - refunded };
}

/** Milliseconds `timeZone` is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts = format.formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The days `YYYY-MM-DD` parses to, as a UTC midnight; throws for a day that does not exist. */
function utcMidnight(day: string, field: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(year, month - 1, date);
  if (new Date(midnight).toISOString().slice(0, 10) !== day) {
    throw new HostError('INVALID_INPUT', `${field} is not a calendar day`, { field });
  }
  return midnight;
}

/** The instant a calendar day starts in `timeZone` (twice corrected, for a day a clock change falls on). */
function startOfDay(utcMidnightOfDay: number, timeZone: string): number {
  const first = utcMidnightOfDay - offsetAt(utcMidnightOfDay, timeZone);
  return utcMidnightOfDay - offsetAt(first, timeZone);
}

/** Every day from one UTC midnight to another, inclusive, as `YYYY-MM-DD`. */
function daysBetween(from: number, to: number): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day += DAY_MS) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/** The analytics over whole days in the configured time zone; the report is one store query. */
export async function analyticsOf(services: Services, request: AnalyticsRequest) {
  const timeZone = services.config.analyticsTimeZone;
  const fromDay = utcMidnight(request.from, 'from');
  const toDay = utcMidnight(request.to, 'to');
  if (toDay < fromDay) throw new HostError('INVALID_INPUT', 'to must not be before from', { field: 'to' });
  const from = startOfDay(fromDay, timeZone);
  const to = startOfDay(toDay + DAY_MS, timeZone);
  const { consultantId } = request;
  const rows = await billingReport(services.stores.billing, {
    from,
    to,
    groupBy: request.groupBy,
    timeZone,
    ...(consultantId ? { consultantId } : {}),
  });
  const refundRows = await services.wallet.refundReport({
    field: 'consultantId',
    groupBy: request.groupBy === 'day' ? 'day' : 'field',
    from,
    to,
    timeZone,
    ...(consultantId ? { values: [consultantId] } : {}),
  });
  const refundsOf = new Map(refundRows.map((row) => [row.key, row]));
  const billedOf = new Map(rows.map((row) => [row.key, row]));
  let labelled: AnalyticsRow[];
  if (request.groupBy === 'day') {
    labelled = daysBetween(fromDay, toDay).map((day) =>
      withRefunds(billedOf.get(day) ?? emptyReportRow(day), refundsOf.get(day), day),
    );
  } else {
    // A consultant refunded in the range has a row even when none of their sessions was billed in it.
    const keys = [...new Set([...billedOf.keys(), ...refundsOf.keys()])].sort();
    const nameOf = nameReader(services);
    labelled = await Promise.all(
      keys.map(async (key) =>
        withRefunds(billedOf.get(key) ?? emptyReportRow(key), refundsOf.get(key), (await nameOf(key)) ?? key),
      ),
    );
  }
  const total = (pick: (row: AnalyticsRow) => number) => labelled.reduce((sum, row) => sum + pick(row), 0);
  return {
    from: request.from,
    to: request.to,
    timeZone,
    groupBy: request.groupBy,
    rows: labelled,
    totals: {
      sessions: total((r) => r.sessions),
      seconds: total((r) => r.seconds),
      userCharged: total((r) => r.userCharged),
      promoCharged: total((r) => r.promoCharged),
      consultantShare: total((r) => r.consultantShare),
      commission: total((r) => r.commission),
      refunds: total((r) => r.refunds),
      refunded: total((r) => r.refunded),
      netCharged: total((r) => r.netCharged),
    },
  };
}
