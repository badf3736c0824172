import type { SessionRecord } from './session-record.js';

/**
 * Applies `records` as {@link BillingStore.updateSessions} promises, one round
 * at a time: a round never holds two records of one session, so a storage
 * call that compares every record of a round against the stored versions
 * at once sees a session's earlier write before its later one. The round
 * after takes each session's next record. Results come back in input order.
 */
export async function updateInRounds(
  records: readonly SessionRecord[],
  updateRound: (round: readonly SessionRecord[]) => Promise<boolean[]>,
): Promise<boolean[]> {
  const results: boolean[] = new Array(records.length).fill(false);
  let pending = records.map((record, position) => ({ record, position }));
  while (pending.length > 0) {
    const seen = new Set<string>();
    const round: typeof pending = [];
    const later: typeof pending = [];
    for (const each of pending) {
      if (seen.has(each.record.id)) later.push(each);
      else {
        seen.add(each.record.id);
        round.push(each);
      }
    }
    const written = await updateRound(round.map((each) => each.record));
    round.forEach((each, k) => {
      results[each.position] = written[k] === true;
    });
    pending = later;
  }
  return results;
}
