import { describe, expect, it } from 'vitest';
import { closeInterval, openInterval, writeOffClosing } from '../src/interval.js';
import { dueAt } from '../src/proration.js';
import {
  acceptSession,
  closeRequest,
  endSession,
  pauseSession,
  requestSession,
  resumeSession,
  summarize,
} from '../src/session.js';
import type { SessionRecord } from '../src/session-record.js';

const requested = requestSession({
  id: 's1',
  userId: 'user:asha',
  consultantId: 'consultant:guru',
  service: 'chat',
  source: 'direct',
  ratePerMinute: 1_000,
  commissionBps: 1_250,
  freeSeconds: 20,
  now: 0,
  expiresAt: 60_000,
});
const active = openInterval(acceptSession(requested, 10), 10, 15_000);

describe('session transitions', () => {
  it.each([
    ['accept an active session', () => acceptSession(active, 0)],
    ['reject an active session', () => closeRequest(active, 0, 'rejected')],
    ['pause a request', () => pauseSession(requested, 0)],
    ['resume an active session', () => resumeSession(active)],
    ['end a request (reject or cancel it instead)', () => endSession(requested, 0, 'user')],
    ['open a second interval', () => openInterval(active, 0, 1_000)],
    ['close an interval that is not open', () => closeInterval(requested, 0)],
  ])('refuses to %s with INVALID_TRANSITION', (_, action) => {
    expect(action).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('closing an interval adds its charge, split between user and promotions and between consultant and platform', () => {
    const closed = closeInterval(active, 15_000);
    const next = closeInterval(openInterval(closed, 15_010, 15_000), 15_000);
    // 30 s at 1,000/min = 500; the first 20 s (333) are free.
    expect(summarize(next)).toEqual({
      secondsBilled: 30,
      totalCharged: 500,
      userCharged: 167,
      promoCharged: 333,
      consultantShare: 250 - 31 + (83 - 10) + (167 - 20),
      commission: 31 + 10 + 20,
      freeSeconds: 20,
      intervals: 2,
    });
    expect(next.closingIndex).toBe(2);
  });

  it('pausing closes the open interval with the time served; ending does the same', () => {
    const paused = pauseSession(active, 10 + 7_400);
    expect(paused).toMatchObject({ status: 'paused', servedMs: 7_400, intervalIndex: 0, closingIndex: 1 });
    const ended = endSession(openInterval(resumeSession(paused), 50_000, 15_000), 50_000 + 9_900, 'user');
    expect(ended).toMatchObject({ status: 'ended', endReason: 'user', servedMs: 17_300 });
    expect(summarize(ended).totalCharged).toBe(dueAt(1_000, 17));
  });

  it('a written-off interval is taken out of the totals', () => {
    const closed: SessionRecord = closeInterval(openInterval(closeInterval(active, 15_000), 0, 15_000), 15_000);
    const writtenOff = writeOffClosing(closed);
    expect(summarize(writtenOff)).toEqual(summarize(closeInterval(active, 15_000)));
    expect(writtenOff.closingIndex).toBe(0);
  });
});
