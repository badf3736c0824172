import { requestSession } from '../session.js';
import type { SessionRecord } from '../session-record.js';

/** When the store suites' sessions are requested (epoch ms). */
export const T0 = Date.UTC(2026, 0, 1);

/** A chat requested at {@link T0} at 2,500 paise a minute and leased to `engine:a`, as the store suites write it. */
export function leasedRequest(id: string, userId: string, consultantId: string, extra: Partial<SessionRecord> = {}) {
  const requested = requestSession({
    id,
    userId,
    consultantId,
    service: 'chat',
    source: 'direct',
    ratePerMinute: 2_500,
    commissionBps: 1_200,
    freeSeconds: 0,
    now: T0,
    expiresAt: T0 + 60_000,
  });
  return { ...requested, leaseOwner: 'engine:a', leaseUntil: T0 + 90_000, ...extra } satisfies SessionRecord;
}

/** The next version of a record, as an engine writes it. */
export function nextVersion(record: SessionRecord, change: Partial<SessionRecord> = {}): SessionRecord {
  return { ...record, ...change, version: record.version + 1 };
}
