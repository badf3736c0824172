import type { OpenSessionStatus, SessionCounts } from './store.js';

/** The open states, in lifecycle order. */
const OPEN_STATUSES: readonly OpenSessionStatus[] = ['offered', 'requested', 'active', 'paused'];

/**
 * The counts an adapter read, `[status, count]` per state it found, with every
 * open state present (0 when none was found), so a reader never sees a state go missing.
 */
export function sessionCountsOf(found: Iterable<readonly [string, number]>): SessionCounts {
  const counts: Record<string, number> = Object.fromEntries(OPEN_STATUSES.map((status) => [status, 0]));
  for (const [status, count] of found) if (Object.hasOwn(counts, status)) counts[status] = count;
  return counts as SessionCounts;
}
