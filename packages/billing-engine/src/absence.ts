import type { SessionRecord } from './session.js';

// Presence is part of a session: each side is either present or away since
// an instant. Billing follows it: a session pauses once a side has been away
// longer than the grace, and an absence pause resumes when both are back.
// Pure functions of records; the engine learns presence from the host.

/** Which side of a session a participant is. */
export type Side = 'user' | 'consultant';

/** The side `participantId` is on, or `null` when they are not a participant. */
export function sideOf(session: SessionRecord, participantId: string): Side | null {
  if (participantId === session.userId) return 'user';
  if (participantId === session.consultantId) return 'consultant';
  return null;
}

/** Since when a side has been away; `null` while present. */
export function awaySince(session: SessionRecord, side: Side): number | null {
  return side === 'user' ? session.userAwaySince : session.consultantAwaySince;
}

/** The record with `side` away since `at`; unchanged when it was already away (the first instant counts). */
export function markAway(session: SessionRecord, side: Side, at: number): SessionRecord {
  if (awaySince(session, side) !== null) return session;
  return side === 'user' ? { ...session, userAwaySince: at } : { ...session, consultantAwaySince: at };
}

/** The record with `side` present again; unchanged when it was not away. */
export function markBack(session: SessionRecord, side: Side): SessionRecord {
  if (awaySince(session, side) === null) return session;
  return side === 'user' ? { ...session, userAwaySince: null } : { ...session, consultantAwaySince: null };
}

/** When billing must stop for absence: the earliest away instant plus the grace; `null` while both are present. */
export function absenceDeadline(session: SessionRecord, graceMs: number): number | null {
  const { userAwaySince: user, consultantAwaySince: consultant } = session;
  if (user === null && consultant === null) return null;
  return Math.min(user ?? Number.POSITIVE_INFINITY, consultant ?? Number.POSITIVE_INFINITY) + graceMs;
}

/** True when the session is paused for an absence that has ended: both sides are present. */
export function mayResumeFromAbsence(session: SessionRecord): boolean {
  return (
    session.status === 'paused' &&
    session.pauseReason === 'absence' &&
    session.userAwaySince === null &&
    session.consultantAwaySince === null
  );
}

/** Who is connected right now, as the host's transport knows it (across processes, with a shared bus). */
export interface PresenceSource {
  /** True while the participant has at least one live connection. */
  isPresent(participantId: string): boolean | Promise<boolean>;
}

/**
 * The record with every side the source reports gone marked away since
 * `since`, and every side it reports connected marked back. `since` is the
 * last instant the engine knew both were present (the record's last write),
 * so an absence nobody reported (a crashed process took the connection with
 * it) is never counted as shorter than it was.
 */
export async function observePresence(
  session: SessionRecord,
  source: PresenceSource,
  since: number,
): Promise<SessionRecord> {
  let observed = session;
  for (const side of ['user', 'consultant'] as const) {
    const id = side === 'user' ? session.userId : session.consultantId;
    observed = (await source.isPresent(id)) ? markBack(observed, side) : markAway(observed, side, since);
  }
  return observed;
}
