// What the driver reports once a write is stored: a charged interval, or a checkpoint inside one.
import { checkpointWritten, intervalCharged } from './billing-metrics.js';
import type { DriverContext } from './driver-context.js';
import { toSession } from './events.js';
import { closingCharge } from './interval.js';
import { secondsIn } from './proration.js';
import type { SessionRecord } from './session-record.js';

/** Reports a closing interval the wallet was charged for: the interval metric and the `session.tick` event. */
export function reportCharged(context: Pick<DriverContext, 'events' | 'metrics' | 'clock'>, settled: SessionRecord) {
  const { events, metrics, clock } = context;
  const now = clock.now();
  const endedAt = closedAt(settled, now);
  if (metrics) intervalCharged(metrics, endedAt, now);
  if (events.listenerCount('session.tick') === 0) return;
  const { user, promo } = closingCharge(settled);
  events.emit('session.tick', {
    session: toSession(settled),
    interval: settled.closingIndex,
    seconds: secondsIn(settled.closingToMs) - secondsIn(settled.closingFromMs),
    endedAt,
    userCharged: user,
    promoCharged: promo,
  });
}

/** Reports a checkpoint written inside the open interval, due at `dueAt`: its lateness metric and the `session.checkpoint` event. */
export function reportCheckpoint(
  context: Pick<DriverContext, 'events' | 'metrics' | 'clock'>,
  written: SessionRecord,
  dueAt: number,
) {
  const { events, metrics, clock } = context;
  if (metrics) checkpointWritten(metrics, dueAt, clock.now());
  if (events.listenerCount('session.checkpoint') > 0) {
    events.emit('session.checkpoint', { session: toSession(written), dueAt });
  }
}

/** When the closing interval ended: where the next one starts, or the pause or end that cut it. */
function closedAt(session: SessionRecord, now: number): number {
  if (session.intervalIndex !== 0) return session.intervalStartedAt;
  return session.pausedAt ?? session.endedAt ?? now;
}
