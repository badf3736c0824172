import type { SessionRecord } from './session-record.js';

/**
 * An estimate of how long the user at `position` (1 for the first in line)
 * waits for a consultant: a guess, not a promise. Each open session is
 * assumed to last `averageSeconds` in all (a session already past that is
 * assumed to end any moment), and each user ahead in line to take a slot
 * for `averageSeconds` once it frees. With several slots, users take the
 * slot that frees first. Whole seconds, at least 0.
 */
export function estimateWaitSeconds(
  open: readonly SessionRecord[],
  position: number,
  capacity: number,
  averageSeconds: number,
  now: number,
): number {
  // When each slot frees, soonest first; a slot nobody holds is free now.
  const frees = Array.from({ length: Math.max(capacity, 1) }, (_, slot) => {
    const session = open[slot];
    return session ? Math.max(averageSeconds - elapsedSeconds(session, now), 0) : 0;
  });
  for (let ahead = 1; ahead < position; ahead++) {
    frees.sort((a, b) => a - b);
    frees[0] = (frees[0] ?? 0) + averageSeconds; // the user ahead takes the first slot to free
  }
  return Math.min(...frees);
}

/** Seconds since the session was accepted; 0 while it is still a request or an offer. */
function elapsedSeconds(session: SessionRecord, now: number): number {
  return session.acceptedAt === null ? 0 : Math.max(Math.floor((now - session.acceptedAt) / 1000), 0);
}
