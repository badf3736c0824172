import { requestSession } from '../src/session.js';
import type { SessionRecord } from '../src/session-record.js';

/** A chat request of user `u1` to consultant `c1` at 2,500 paise a minute, made at `now` and open for a minute. */
export function chatRequest(id: string, now: number): SessionRecord {
  return requestSession({
    id,
    userId: 'u1',
    consultantId: 'c1',
    service: 'chat',
    source: 'direct',
    ratePerMinute: 2_500,
    commissionBps: 1_200,
    freeSeconds: 0,
    now,
    expiresAt: now + 60_000,
  });
}
