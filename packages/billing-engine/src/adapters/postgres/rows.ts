import type { ReportRow } from '../../report.js';
import type { SessionRecord } from '../../session-record.js';
import type { WaitlistEntry } from '../../store.js';

// Drivers return int8 as strings (pg) or numbers (PGlite); every value here is
// a safe integer by the domain's rules, so Number() is exact.
type Int = string | number | bigint;

/** Record field → column, in column order; the kind says how a value comes back from the driver. */
const FIELDS = [
  ['id', 'id', 'text'],
  ['userId', 'user_id', 'text'],
  ['consultantId', 'consultant_id', 'text'],
  ['service', 'service', 'text'],
  ['source', 'source', 'text'],
  ['status', 'status', 'text'],
  ['endReason', 'end_reason', 'text'],
  ['ratePerMinute', 'rate_per_minute', 'int'],
  ['commissionBps', 'commission_bps', 'int'],
  ['freeSeconds', 'free_seconds', 'int'],
  ['requestedAt', 'requested_at', 'int'],
  ['requestExpiresAt', 'request_expires_at', 'int'],
  ['acceptedAt', 'accepted_at', 'int'],
  ['pausedAt', 'paused_at', 'int'],
  ['pauseReason', 'pause_reason', 'text'],
  ['endedAt', 'ended_at', 'int'],
  ['userAwaySince', 'user_away_since', 'int'],
  ['userBackAt', 'user_back_at', 'int'],
  ['consultantAwaySince', 'consultant_away_since', 'int'],
  ['consultantBackAt', 'consultant_back_at', 'int'],
  ['servedMs', 'served_ms', 'int'],
  ['intervalIndex', 'interval_index', 'int'],
  ['intervalStartedAt', 'interval_started_at', 'int'],
  ['intervalPlannedMs', 'interval_planned_ms', 'int'],
  ['closingIndex', 'closing_index', 'int'],
  ['closingFromMs', 'closing_from_ms', 'int'],
  ['closingToMs', 'closing_to_ms', 'int'],
  ['closingPlannedMs', 'closing_planned_ms', 'int'],
  ['nextIndex', 'next_index', 'int'],
  ['intervals', 'intervals', 'int'],
  ['userCharged', 'user_charged', 'int'],
  ['promoCharged', 'promo_charged', 'int'],
  ['consultantShare', 'consultant_share', 'int'],
  ['commission', 'commission', 'int'],
  ['lowBalance', 'low_balance', 'bool'],
  ['version', 'version', 'int'],
  ['leaseOwner', 'lease_owner', 'text'],
  ['leaseUntil', 'lease_until', 'int'],
  ['checkpointAt', 'checkpoint_at', 'int'],
  ['rateFromSeconds', 'rate_from_seconds', 'int'],
  ['rateFromIndex', 'rate_from_index', 'int'],
  ['previousRatePerMinute', 'previous_rate_per_minute', 'int'],
  ['previousRateFromSeconds', 'previous_rate_from_seconds', 'int'],
  ['offeredService', 'offered_service', 'text'],
] as const satisfies ReadonlyArray<readonly [keyof SessionRecord, string, 'text' | 'int' | 'bool']>;

/** The sessions table's columns, in the order of {@link sessionParams}. */
export const SESSION_COLUMNS: readonly string[] = FIELDS.map(([, column]) => column);

/** A session as bind parameters, in {@link SESSION_COLUMNS} order. */
export function sessionParams(session: SessionRecord): unknown[] {
  return FIELDS.map(([field]) => session[field]);
}

/** The columns of {@link sessionUpdateRow} with their SQL types, as `jsonb_to_recordset` declares them. */
export const SESSION_UPDATE_COLUMNS: string = [
  ...FIELDS.map(([, column, kind]) => `${column} ${kind === 'int' ? 'bigint' : kind === 'bool' ? 'boolean' : 'text'}`),
  'expected_version bigint',
].join(', ');

/** A session as one object of a batched update: every column, and the version it must replace. */
export function sessionUpdateRow(session: SessionRecord): Record<string, unknown> {
  const row: Record<string, unknown> = { expected_version: session.version - 1 };
  for (const [field, column] of FIELDS) row[column] = session[field];
  return row;
}

/** A sessions row as a record. */
export function toSession(row: Record<string, unknown>): SessionRecord {
  const record: Record<string, unknown> = {};
  for (const [field, column, kind] of FIELDS) {
    const value = row[column];
    record[field] = value === null || kind !== 'int' ? value : Number(value as Int);
  }
  return record as unknown as SessionRecord;
}

/** A waitlist row. */
export interface WaitlistRow {
  id: string;
  user_id: string;
  consultant_id: string;
  service: WaitlistEntry['service'];
  joined_at: Int;
}

/** A waitlist row as an entry. */
export function toEntry(row: WaitlistRow): WaitlistEntry {
  return {
    id: row.id,
    userId: row.user_id,
    consultantId: row.consultant_id,
    service: row.service,
    joinedAt: Number(row.joined_at),
  };
}

/** One row of the report query; sums come back as numeric text (pg) or numbers (PGlite). */
export interface ReportSqlRow {
  key: string;
  sessions: Int;
  seconds: Int;
  user_charged: Int;
  promo_charged: Int;
  consultant_share: Int;
  commission: Int;
}

/** A report row as the domain's. */
export function toReportRow(row: ReportSqlRow): ReportRow {
  return {
    key: row.key,
    sessions: Number(row.sessions),
    seconds: Number(row.seconds),
    userCharged: Number(row.user_charged),
    promoCharged: Number(row.promo_charged),
    consultantShare: Number(row.consultant_share),
    commission: Number(row.commission),
  };
}
