import type { SessionRecord } from './session.js';

// A lease says which engine drives a session's timers. It is a field of the
// session record, so it is taken and renewed by the same compare-and-set that
// writes every transition: an engine that lost the lease fails its next write.

/** True when `owner` may drive the session at `now`: it holds the lease, or nobody holds a live one. */
export function mayDrive(session: SessionRecord, owner: string, now: number): boolean {
  return session.leaseOwner === null || session.leaseOwner === owner || session.leaseUntil <= now;
}

/** True when another engine holds a live lease on the session. */
export function drivenElsewhere(session: SessionRecord, owner: string, now: number): boolean {
  return !mayDrive(session, owner, now);
}

/**
 * The next version of a record written by `owner` at `now`: it takes (or
 * renews) the lease until `wakeAt + ttlMs`, and records that `owner` was alive
 * at `now`. Ended sessions hold no lease.
 */
export function stamp(
  session: SessionRecord,
  owner: string,
  now: number,
  wakeAt: number,
  ttlMs: number,
): SessionRecord {
  const ended = session.status === 'ended';
  return {
    ...session,
    version: session.version + 1,
    leaseOwner: ended ? null : owner,
    leaseUntil: ended ? 0 : Math.max(wakeAt, now) + ttlMs,
    checkpointAt: now,
  };
}

/** The instant the engine driving `session` must next look at it; `null` once it has ended. */
export function nextWakeAt(session: SessionRecord, pauseGraceMs: number): number | null {
  switch (session.status) {
    case 'requested':
      return session.requestExpiresAt;
    case 'active':
      return session.intervalIndex === 0 ? session.checkpointAt : session.intervalStartedAt + session.intervalPlannedMs;
    case 'paused':
      return (session.pausedAt ?? session.checkpointAt) + pauseGraceMs;
    default:
      return null;
  }
}
