import { describe, expect, it } from 'vitest';
import { requestSession } from '../src/session.js';
import type { SessionRecord } from '../src/session-record.js';
import { estimateWaitSeconds } from '../src/wait-estimate.js';

const NOW = 1_000_000;

function session(acceptedSecondsAgo: number | null): SessionRecord {
  const base = requestSession({
    id: `s${acceptedSecondsAgo}`,
    userId: 'u',
    consultantId: 'c',
    service: 'chat',
    source: 'direct',
    ratePerMinute: 600,
    commissionBps: 0,
    freeSeconds: 0,
    now: NOW - 3_600_000,
    expiresAt: NOW,
  });
  if (acceptedSecondsAgo === null) return base;
  return { ...base, status: 'active', acceptedAt: NOW - acceptedSecondsAgo * 1_000 };
}

describe('estimated wait', () => {
  it('the first in line waits for the rest of the average consultation', () => {
    expect(estimateWaitSeconds([session(240)], 1, 1, 600, NOW)).toBe(360);
  });

  it('each user ahead adds an average consultation', () => {
    expect(estimateWaitSeconds([session(240)], 3, 1, 600, NOW)).toBe(1_560);
  });

  it('a consultation past the average is assumed to end any moment', () => {
    expect(estimateWaitSeconds([session(900)], 1, 1, 600, NOW)).toBe(0);
  });

  it('a request or offer holding the slot counts as a whole consultation', () => {
    expect(estimateWaitSeconds([session(null)], 1, 1, 600, NOW)).toBe(600);
  });

  it('with two slots, users take whichever frees first', () => {
    const open = [session(500), session(100)]; // free in 100 s and in 500 s
    expect([1, 2, 3].map((position) => estimateWaitSeconds(open, position, 2, 600, NOW))).toEqual([100, 500, 700]);
  });
});
