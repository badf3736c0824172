import type { Scheduled } from './scheduler.js';
import type { SessionRecord } from './session-record.js';

/** A session this engine drives: the scheduler's heap node and the latest record it knows. */
export interface Entry extends Scheduled {
  readonly id: string;
  /**
   * The session's record as this engine last wrote or read it. `null` between works on it on a store
   * in process memory (`BillingStore.inProcess`): the store holds the session, and a second copy
   * of every running session would double what the heap keeps of it.
   */
  record: SessionRecord | null;
  /** The version of the record last dropped for `null`: read back at that version, nothing changed meanwhile. */
  version: number;
  /** Index of the closing interval already applied to the wallet by this engine (-1: unknown). */
  settled: number;
  /** Index of the last interval whose hold this engine saw placed (-1: none). */
  held: number;
  /** The action or tick running on this session; actions on one session run one at a time. */
  lock: Promise<void> | null;
  /**
   * True while `entries` holds this very entry: a wake-up then runs on it without looking it up by
   * id (a lookup in a map of every driven session, one of a tick's dearest steps at 300,000).
   */
  tracked: boolean;
}

/** A new entry for `record`, not yet scheduled. */
export function entryOf(record: SessionRecord): Entry {
  return { id: record.id, record, version: record.version, settled: -1, held: -1, lock: null, slot: -1, tracked: true };
}

/** The version of the session this entry last knew. */
export function versionOf(entry: Entry): number {
  return entry.record?.version ?? entry.version;
}

/** The entry's record, which the work on it has loaded. */
export function recordIn(entry: Entry): SessionRecord {
  if (entry.record === null) throw new Error(`session ${entry.id} was not loaded before its work used it`);
  return entry.record;
}
