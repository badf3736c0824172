import { absenceDeadline, resumesAt } from './absence.js';
import { nextCheckpointAt } from './interval.js';
import { draftOf, type SessionDraft } from './session-draft.js';
import type { SessionRecord } from './session-record.js';

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
  return stampIn(draftOf(session), owner, now, wakeAt, ttlMs);
}

/** {@link stamp} written into `draft` itself. */
export function stampIn(draft: SessionDraft, owner: string, now: number, wakeAt: number, ttlMs: number): SessionDraft {
  const ended = draft.status === 'ended';
  draft.version += 1;
  draft.leaseOwner = ended ? null : owner;
  draft.leaseUntil = ended ? 0 : Math.max(wakeAt, now) + ttlMs;
  draft.checkpointAt = now;
  return draft;
}

/** The grace periods that decide when a session next needs its engine. */
export interface Graces {
  /** A paused session ends this long after it paused. */
  readonly pauseGraceMs: number;
  /** An active session pauses once a side has been away this long. */
  readonly absenceGraceMs: number;
  /** An active session's record is written this often inside an interval (unset: only at its end). */
  readonly checkpointSeconds?: number | undefined;
}

/**
 * The instant the engine driving `session` must next look at it: the open
 * interval's next checkpoint or end, or an absence deadline, whichever is first; for a paused
 * session, the return that ends its absence or the end of its grace;
 * `null` once it has ended.
 */
export function nextWakeAt(session: SessionRecord, graces: Graces): number | null {
  switch (session.status) {
    case 'offered':
    case 'requested':
      return session.requestExpiresAt;
    case 'active': {
      const tick =
        session.intervalIndex === 0 ? session.checkpointAt : nextCheckpointAt(session, graces.checkpointSeconds);
      return Math.min(tick, absenceDeadline(session, graces.absenceGraceMs) ?? tick);
    }
    case 'paused': {
      const end = (session.pausedAt ?? session.checkpointAt) + graces.pauseGraceMs;
      return Math.min(end, resumesAt(session) ?? end);
    }
    default:
      return null;
  }
}
