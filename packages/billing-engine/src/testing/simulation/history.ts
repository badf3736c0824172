import { dueAt } from '../../proration.js';
import type { SessionRecord } from '../../session-record.js';
import type { BillingStore } from '../../store.js';

/** Every version of every session written through {@link recordingStore}, by session id. */
export type Histories = Map<string, SessionRecord[]>;

/** A stretch of wall-clock time that was billed: interval `index` served from `from` to `to`. */
export interface BilledSpan {
  readonly index: number;
  readonly from: number;
  readonly to: number;
}

/** Wraps a store to record every version of every session it writes successfully. */
export function recordingStore(store: BillingStore, histories: Histories): BillingStore {
  const remember = (record: SessionRecord) => {
    const history = histories.get(record.id) ?? [];
    history.push(record);
    histories.set(record.id, history);
  };
  return {
    async insertSession(record, limits) {
      const outcome = await store.insertSession(record, limits);
      if (outcome === 'created') remember(record);
      return outcome;
    },
    async updateSession(record) {
      const written = await store.updateSession(record);
      if (written) remember(record);
      return written;
    },
    async updateSessions(records) {
      const written = await store.updateSessions(records);
      records.forEach((record, i) => {
        if (written[i]) remember(record);
      });
      return written;
    },
    getSession: (id) => store.getSession(id),
    openSessions: (filter) => store.openSessions(filter),
    claimableSessions: (query) => store.claimableSessions(query),
    countSessionsByState: () => store.countSessionsByState(),
    hasAcceptedSession: (userId) => store.hasAcceptedSession(userId),
    enqueue: (entry) => store.enqueue(entry),
    dequeue: (entryId) => store.dequeue(entryId),
    queue: (consultantId) => store.queue(consultantId),
    queueEntryOf: (userId) => store.queueEntryOf(userId),
  };
}

/** A session's versions, oldest first. */
export function inOrder(history: readonly SessionRecord[]): SessionRecord[] {
  return [...history].sort((a, b) => a.version - b.version);
}

/**
 * The wall-clock stretches a session was billed for, from its versions: each
 * interval from the instant it opened for the time it was served when it
 * closed. An interval later written off (the wallet could not pay) is left
 * out: its seconds were never charged.
 */
export function billedSpans(history: readonly SessionRecord[]): BilledSpan[] {
  const versions = inOrder(history);
  const latest = versions.at(-1);
  if (!latest) return [];
  const opened = new Map<number, number>();
  const spans: BilledSpan[] = [];
  let previous: SessionRecord | undefined;
  for (const record of versions) {
    if (record.intervalIndex !== 0 && record.intervalIndex !== previous?.intervalIndex) {
      opened.set(record.intervalIndex, record.intervalStartedAt);
    }
    const closing = record.closingIndex;
    if (closing !== 0 && closing !== previous?.closingIndex && record.closingToMs > record.closingFromMs) {
      const from = opened.get(closing);
      // Served totals only grow, except by a write-off of the last interval: its end is past the final total.
      if (from !== undefined && record.closingToMs <= latest.servedMs) {
        spans.push({ index: closing, from, to: from + record.closingToMs - record.closingFromMs });
      }
    }
    previous = record;
  }
  return spans;
}

/**
 * Paise due for `seconds` of service, priced as the auditor reads the
 * session's versions: each rate from the served second it was switched to,
 * every switch's seconds at their own rate.
 */
export function dueAcrossSwitches(history: readonly SessionRecord[], seconds: number): number {
  const rates: { from: number; rate: number }[] = [];
  for (const record of inOrder(history)) {
    const last = rates.at(-1);
    if (!last || last.rate !== record.ratePerMinute || last.from !== record.rateFromSeconds) {
      rates.push({ from: record.rateFromSeconds, rate: record.ratePerMinute });
    }
  }
  return rates.reduce((due, { from, rate }, i) => {
    const to = Math.min(seconds, rates[i + 1]?.from ?? Number.POSITIVE_INFINITY);
    return to > from ? due + dueAt(rate, to - from) : due;
  }, 0);
}

/** Wall-clock time a session was active, from the sequence of its versions. */
export function activeMs(history: readonly SessionRecord[]): number {
  let total = 0;
  let since: number | null = null;
  let previous: SessionRecord | undefined;
  for (const record of inOrder(history)) {
    if (record.status === 'active' && previous?.status !== 'active') {
      since = previous?.status === 'paused' ? record.intervalStartedAt : (record.acceptedAt ?? 0);
    } else if (record.status !== 'active' && previous?.status === 'active' && since !== null) {
      total += (record.status === 'paused' ? (record.pausedAt ?? 0) : (record.endedAt ?? 0)) - since;
      since = null;
    }
    previous = record;
  }
  return total;
}
