import type { SessionRecord } from './session-record.js';

// Presence is part of a session. Each side has at most one absence window:
// away since an instant, and back at an instant once they return. Billing
// follows the windows, not the moment the engine hears of them: an active
// session pauses at a window's deadline (its start plus the grace), and a
// session paused for absence resumes when every window has closed, at the
// return. So an engine that learns late (it was stalled, or the news came
// through a restart) still bills exactly around the absence. A window that
// closed within the grace never matters and is dropped. Pure functions.

/** Which side of a session a participant is. */
export type Side = 'user' | 'consultant';

/** One side's absence window: away since `since`, back at `back` (`null` while still away). */
export interface AbsenceWindow {
  readonly since: number;
  readonly back: number | null;
}

/** The side `participantId` is on, or `null` when they are not a participant. */
export function sideOf(session: SessionRecord, participantId: string): Side | null {
  if (participantId === session.userId) return 'user';
  if (participantId === session.consultantId) return 'consultant';
  return null;
}

/** True when either side has an absence window. */
export function hasAbsence(session: SessionRecord): boolean {
  return session.userAwaySince !== null || session.consultantAwaySince !== null;
}

/** A side's absence window, or `null` when it has none. */
export function windowOf(session: SessionRecord, side: Side): AbsenceWindow | null {
  const since = side === 'user' ? session.userAwaySince : session.consultantAwaySince;
  const back = side === 'user' ? session.userBackAt : session.consultantBackAt;
  return since === null ? null : { since, back };
}

function withWindow(session: SessionRecord, side: Side, window: AbsenceWindow | null): SessionRecord {
  const since = window?.since ?? null;
  const back = window?.back ?? null;
  return side === 'user'
    ? { ...session, userAwaySince: since, userBackAt: back }
    : { ...session, consultantAwaySince: since, consultantBackAt: back };
}

/**
 * The record with `side` away since `at`. An open window keeps its earliest
 * start; a closed one not yet billed past is reopened from its own start,
 * counting the short return in between as absence (never too little).
 */
export function markAway(session: SessionRecord, side: Side, at: number): SessionRecord {
  const window = windowOf(session, side);
  if (window !== null && window.back === null && window.since <= at) return session;
  return withWindow(session, side, { since: Math.min(window?.since ?? at, at), back: null });
}

/** The record with `side` back at `at`; a window that closed within `graceMs` of its start is dropped. */
export function markBack(session: SessionRecord, side: Side, at: number, graceMs: number): SessionRecord {
  const window = windowOf(session, side);
  if (window === null || window.back !== null) return session;
  const back = Math.max(at, window.since);
  return withWindow(session, side, back <= window.since + graceMs ? null : { since: window.since, back });
}

/**
 * When billing must stop for absence: the earliest start plus the grace of
 * the windows the open interval overlaps; `null` when there is none.
 */
export function absenceDeadline(session: SessionRecord, graceMs: number): number | null {
  // Asked several times a tick: most sessions have no window at all.
  if (!hasAbsence(session)) return null;
  const from = session.intervalIndex === 0 ? Number.NEGATIVE_INFINITY : session.intervalStartedAt;
  let deadline: number | null = null;
  for (const side of ['user', 'consultant'] as const) {
    const window = windowOf(session, side);
    if (window === null || (window.back !== null && window.back <= from)) continue;
    deadline = Math.min(deadline ?? Number.POSITIVE_INFINITY, window.since + graceMs);
  }
  return deadline;
}

/** The record without the windows that closed by `at`: billing from `at` on has passed them. */
export function dropPassedAbsences(session: SessionRecord, at: number): SessionRecord {
  if (!hasAbsence(session)) return session;
  let kept = session;
  for (const side of ['user', 'consultant'] as const) {
    const window = windowOf(session, side);
    if (window?.back != null && window.back <= at) kept = withWindow(kept, side, null);
  }
  return kept;
}

/**
 * When a session paused for absence resumes: the last return, once every
 * window has closed; `null` while a side is still away or when it is not
 * paused for absence.
 */
export function resumesAt(session: SessionRecord): number | null {
  if (session.status !== 'paused' || session.pauseReason !== 'absence') return null;
  let at = session.pausedAt ?? 0;
  for (const side of ['user', 'consultant'] as const) {
    const window = windowOf(session, side);
    if (window?.back === null) return null;
    if (window) at = Math.max(at, window.back);
  }
  return at;
}

/** The record with every absence window dropped: billing has passed them all. */
export function clearAbsences(session: SessionRecord): SessionRecord {
  return withWindow(withWindow(session, 'user', null), 'consultant', null);
}

/** The latest stretch a participant had no connection, as a presence source knows it. */
export interface AbsenceReport {
  /** When it began; `undefined` when the source cannot say (it restarted since). */
  readonly since: number | undefined;
  /** When it ended; `null` while it lasts. */
  readonly until: number | null;
}

/** Who is connected, as the host's transport knows it (across processes, with a shared bus). */
export interface PresenceSource {
  /** The participant's latest absence; `null` when the source knows of none (they are connected). */
  latestAbsence(participantId: string): AbsenceReport | null | Promise<AbsenceReport | null>;
}

/**
 * The record with each side's window as the source reports it: an absence
 * the record has not seen (it ended after `lastChecked`, the record's last
 * write, or still lasts) opens or extends the window, and a return closes
 * it. An absence whose start the source cannot say is dated `lastChecked`,
 * when the engine last found both present, so it is never counted as
 * shorter than it was. `skip` names a participant the caller reports on itself.
 */
export async function observePresence(
  session: SessionRecord,
  source: PresenceSource,
  times: { readonly lastChecked: number; readonly now: number; readonly graceMs: number },
  skip?: string,
): Promise<SessionRecord> {
  let observed = session;
  for (const side of ['user', 'consultant'] as const) {
    const participantId = side === 'user' ? session.userId : session.consultantId;
    if (participantId === skip) continue;
    const absence = await source.latestAbsence(participantId);
    if (absence !== null && (absence.until === null || absence.until > times.lastChecked)) {
      observed = markAway(observed, side, absence.since ?? times.lastChecked);
    }
    // Connected now: a window still open closes at the reported return, or now when none is reported.
    if (absence?.until !== null) observed = markBack(observed, side, absence?.until ?? times.now, times.graceMs);
  }
  return observed;
}
