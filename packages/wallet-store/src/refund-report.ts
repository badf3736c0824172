import { dayFormat, isTimeZone } from '@jyotishconnect/core';
import { invalidInput } from './errors.js';
import { grossOf } from './money.js';
import type { RefundReportGroupBy, RefundReportQuery } from './store.js';
import type { RefundReportRow, Transaction } from './types.js';
import { checkIdList, checkTime } from './validate.js';

// A refund report sums refund transactions whose metadata names a value under
// one field (a consultant's id, a session's id), by the calendar day each was
// made on or by that value. Each store answers it in one query: the rule of
// what counts lives here, `refundReportOf` is the memory store's whole query,
// and the SQL and MongoDB adapters mirror it.

/** The time zone a refund report's days are in unless the caller names another. */
export const DEFAULT_REFUND_REPORT_TIME_ZONE = 'Asia/Kolkata';

/** The longest window a refund report by day covers, in days (a row per day). */
export const MAX_REFUND_REPORT_DAYS = 400;

/** The most values one refund report may be narrowed to. */
export const MAX_REFUND_REPORT_VALUES = 500;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DAY_MS = 86_400_000;

/** Options of `Wallet.refundReport`. */
export interface RefundReportOptions {
  /** The metadata field refunds are reported by, such as `consultantId`: only refunds whose metadata holds a string there count. */
  field: string;
  /** `day` (default; then `from` and `to` are required) or `field`: a row per value of `field`. */
  groupBy?: RefundReportGroupBy;
  /** Refunds made at or after this instant (epoch ms) count. */
  from?: number;
  /** Refunds made before this instant (epoch ms) count. */
  to?: number;
  /** IANA time zone the days are in (default `Asia/Kolkata`). */
  timeZone?: string;
  /** Only refunds whose `field` is one of these values count (1 to 500 distinct ids). */
  values?: readonly string[];
}

/** Checks {@link RefundReportOptions}: a field name, a window (required, at most 400 days, by day), a known IANA zone, values. */
export function checkRefundReportOptions(options: RefundReportOptions): RefundReportQuery {
  if (typeof options.field !== 'string' || !FIELD.test(options.field))
    throw invalidInput('field', 'must be a metadata field name of letters, digits and _');
  const groupBy = options.groupBy ?? 'day';
  if (groupBy !== 'day' && groupBy !== 'field') throw invalidInput('groupBy', 'must be day or field');
  const from = options.from === undefined ? null : checkTime(options.from, 'from');
  const to = options.to === undefined ? null : checkTime(options.to, 'to');
  if (from !== null && to !== null && to <= from) throw invalidInput('to', 'must be after from');
  // A row per day: the window bounds the rows. Rows per value are bounded by the values.
  if (groupBy === 'day' && (from === null || to === null || to - from > MAX_REFUND_REPORT_DAYS * DAY_MS))
    throw invalidInput('to', `grouping by day needs from and to at most ${MAX_REFUND_REPORT_DAYS} days apart`);
  const timeZone = options.timeZone ?? DEFAULT_REFUND_REPORT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw invalidInput('timeZone', 'must be an IANA time zone');
  const values = options.values === undefined ? null : checkIdList(options.values, 'values', MAX_REFUND_REPORT_VALUES);
  return { field: options.field, groupBy, from, to, timeZone, values };
}

/** The value a refund is reported under, or `null` when it does not count in the report. */
function reportedValue(transaction: ReportedTransaction, query: RefundReportQuery): string | null {
  if (transaction.kind !== 'refund') return null;
  const { createdAt, metadata } = transaction;
  if ((query.from !== null && createdAt < query.from) || (query.to !== null && createdAt >= query.to)) return null;
  const value = Object.hasOwn(metadata, query.field) ? metadata[query.field] : undefined;
  if (typeof value !== 'string') return null;
  return query.values === null || query.values.includes(value) ? value : null;
}

/** The parts of a transaction a refund report reads. */
export type ReportedTransaction = Pick<Transaction, 'kind' | 'postings' | 'metadata' | 'createdAt'>;

/** A refund report in one pass over transactions: the memory store's query, which the others mirror. */
export function refundReportOf(
  transactions: Iterable<ReportedTransaction>,
  query: RefundReportQuery,
): RefundReportRow[] {
  const dayOf = dayFormat(query.timeZone);
  const rows = new Map<string, { key: string; refunds: number; refunded: number }>();
  for (const transaction of transactions) {
    const value = reportedValue(transaction, query);
    if (value === null) continue;
    const key = query.groupBy === 'field' ? value : dayOf(transaction.createdAt);
    const row = rows.get(key) ?? { key, refunds: 0, refunded: 0 };
    row.refunds += 1;
    row.refunded += grossOf(transaction.postings);
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
