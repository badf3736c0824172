import { billingReport, type ReportGroupBy, type ReportRow } from '@jyotishconnect/billing-engine';
import { HostError } from './errors.js';
import { nameReader } from './names.js';
import type { Services } from './services.js';

// The admin's (and each consultant's own) analytics: the billing engine's one-query
// report over a range of calendar days in the configured time zone, with days
// nobody was billed on filled in as zeros so a chart's axis has no gaps.

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

/** One row of the analytics answer: a day or a consultant, with a label a person reads. */
export type AnalyticsRow = ReportRow & { readonly label: string };

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

const zero = (key: string): ReportRow => ({
  key,
  sessions: 0,
  seconds: 0,
  userCharged: 0,
  promoCharged: 0,
  consultantShare: 0,
  commission: 0,
});

/** The analytics over whole days in the configured time zone; the report is one store query. */
export async function analyticsOf(services: Services, request: AnalyticsRequest) {
  const timeZone = services.config.analyticsTimeZone;
  const fromDay = utcMidnight(request.from, 'from');
  const toDay = utcMidnight(request.to, 'to');
  if (toDay < fromDay) throw new HostError('INVALID_INPUT', 'to must not be before from', { field: 'to' });
  const rows = await billingReport(services.stores.billing, {
    from: startOfDay(fromDay, timeZone),
    to: startOfDay(toDay + DAY_MS, timeZone),
    groupBy: request.groupBy,
    timeZone,
    ...(request.consultantId ? { consultantId: request.consultantId } : {}),
  });
  let labelled: AnalyticsRow[];
  if (request.groupBy === 'day') {
    const byDay = new Map(rows.map((row) => [row.key, row]));
    labelled = daysBetween(fromDay, toDay).map((day) => ({ ...(byDay.get(day) ?? zero(day)), label: day }));
  } else {
    const nameOf = nameReader(services);
    labelled = await Promise.all(rows.map(async (row) => ({ ...row, label: (await nameOf(row.key)) ?? row.key })));
  }
  const total = (pick: (row: ReportRow) => number) => rows.reduce((sum, row) => sum + pick(row), 0);
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
    },
  };
}
