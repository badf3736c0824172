import { type BillingReportStore, type ReportQuery, type ReportRow, reportOf } from '../../report.js';
import { sessionCountsOf } from '../../session-counts.js';
import type { SessionRecord } from '../../session-record.js';
import type {
  BillingStore,
  ClaimQuery,
  EnqueueOutcome,
  InsertSessionOutcome,
  OpenSessionFilter,
  SessionCounts,
  WaitlistEntry,
} from '../../store.js';
import { LeaseIndex } from './lease-index.js';
import { AT, overwrite, recordOf, SessionTimes, type StoredSession, storedOf } from './session-rows.js';

/**
 * A {@link BillingStore} in process memory: the fastest adapter, for tests,
 * users' CI and benchmarks. Not durable. A session is kept as a row of times
 * and an object written in place (`session-rows.ts`); every read builds a new
 * record. Every method body runs without an `await` between its checks and
 * its writes, so each is atomic.
 */
export class MemoryBillingStore implements BillingStore, BillingReportStore {
  readonly inProcess = true;
  readonly #sessions = new Map<string, StoredSession>();
  readonly #times = new SessionTimes();
  readonly #openByUser = new Map<string, string>();
  readonly #openByConsultant = new Map<string, Set<string>>();
  /** Users who had an accepted session, to the consultant(s) they had one with: one string for most, a set for a few. */
  readonly #acceptedWith = new Map<string, string | Set<string>>();
  readonly #queues = new Map<string, WaitlistEntry[]>();
  readonly #entryByUser = new Map<string, WaitlistEntry>();
  readonly #entryById = new Map<string, WaitlistEntry>();
  readonly #leases = new LeaseIndex();

  async insertSession(
    session: SessionRecord,
    limits: { readonly maxOpenPerConsultant: number },
  ): Promise<InsertSessionOutcome> {
    if (this.#sessions.has(session.id)) return 'duplicate';
    if (session.status !== 'ended') {
      if (this.#openByUser.has(session.userId)) return 'user_busy';
      if ((this.#openByConsultant.get(session.consultantId)?.size ?? 0) >= limits.maxOpenPerConsultant) {
        return 'consultant_busy';
      }
    }
    this.#index(undefined, session);
    this.#sessions.set(session.id, storedOf(session, this.#times.add(session)));
    return 'created';
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const stored = this.#sessions.get(id);
    return stored === undefined ? null : recordOf(stored, this.#times);
  }

  async updateSession(session: SessionRecord): Promise<boolean> {
    return this.#replace(session);
  }

  async updateSessions(sessions: readonly SessionRecord[]): Promise<boolean[]> {
    return sessions.map((session) => this.#replace(session));
  }

  #replace(session: SessionRecord): boolean {
    const stored = this.#sessions.get(session.id);
    if (stored?.version !== session.version - 1) return false;
    this.#index(stored, session);
    overwrite(stored, this.#times, session);
    return true;
  }

  async openSessions(filter: OpenSessionFilter): Promise<SessionRecord[]> {
    const ids =
      'userId' in filter
        ? [this.#openByUser.get(filter.userId)].filter((id): id is string => id !== undefined)
        : [...(this.#openByConsultant.get(filter.consultantId) ?? [])];
    return ids.map((id) => this.#read(id));
  }

  async claimableSessions(query: ClaimQuery): Promise<SessionRecord[]> {
    const { now, owner, limit } = query;
    const found = this.#leases.expiredBy(now, limit).map((id) => this.#read(id));
    if (owner === null) return found;
    // Live leases of `owner` too: asked once, when an engine restarts under its id, so a scan will do.
    for (const id of this.#openByUser.values()) {
      const stored = this.#sessions.get(id) as StoredSession;
      const leaseUntil = this.#times.get(stored.row, AT.leaseUntil) as number;
      if (stored.leaseOwner === owner && leaseUntil > now) found.push(recordOf(stored, this.#times));
    }
    found.sort((a, b) => a.leaseUntil - b.leaseUntil || (a.id < b.id ? -1 : 1));
    return found.slice(0, limit);
  }

  async countSessionsByState(): Promise<SessionCounts> {
    const counts = new Map<string, number>();
    // Every open session has a user, and a user has one open session at most: this walks each once.
    for (const id of this.#openByUser.values()) {
      const { status } = this.#sessions.get(id) as StoredSession;
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
    return sessionCountsOf(counts);
  }

  async hasAcceptedSession(userId: string, consultantId?: string): Promise<boolean> {
    const accepted = this.#acceptedWith.get(userId);
    if (accepted === undefined || consultantId === undefined) return accepted !== undefined;
    return typeof accepted === 'string' ? accepted === consultantId : accepted.has(consultantId);
  }

  async enqueue(entry: WaitlistEntry): Promise<EnqueueOutcome> {
    const existing = this.#entryByUser.get(entry.userId);
    if (existing) return { status: 'queued', entry: existing };
    const queue = this.#queues.get(entry.consultantId) ?? [];
    queue.push(entry);
    this.#queues.set(entry.consultantId, queue);
    this.#entryByUser.set(entry.userId, entry);
    this.#entryById.set(entry.id, entry);
    return { status: 'created', entry };
  }

  async dequeue(entryId: string): Promise<boolean> {
    const entry = this.#entryById.get(entryId);
    if (!entry) return false;
    this.#entryById.delete(entryId);
    this.#entryByUser.delete(entry.userId);
    const queue = this.#queues.get(entry.consultantId) ?? [];
    queue.splice(queue.indexOf(entry), 1);
    if (queue.length === 0) this.#queues.delete(entry.consultantId);
    return true;
  }

  async queue(consultantId: string): Promise<WaitlistEntry[]> {
    return [...(this.#queues.get(consultantId) ?? [])];
  }

  async queueEntryOf(userId: string): Promise<WaitlistEntry | null> {
    return this.#entryByUser.get(userId) ?? null;
  }

  async report(query: ReportQuery): Promise<ReportRow[]> {
    return reportOf(this.#records(), query);
  }

  *#records(): Iterable<SessionRecord> {
    for (const stored of this.#sessions.values()) yield recordOf(stored, this.#times);
  }

  /** The record of a session known to be stored. */
  #read(id: string): SessionRecord {
    return recordOf(this.#sessions.get(id) as StoredSession, this.#times);
  }

  /** Keeps the open-session indexes in step with a write: call before `before` is overwritten. */
  #index(before: StoredSession | undefined, after: SessionRecord): void {
    const wasOpen = before !== undefined && before.status !== 'ended';
    const isOpen = after.status !== 'ended';
    const leaseBefore = wasOpen ? this.#times.get(before.row, AT.leaseUntil) : null;
    if (isOpen && (!wasOpen || leaseBefore !== after.leaseUntil)) this.#leases.set(after.id, after.leaseUntil);
    if (isOpen && !wasOpen) {
      this.#openByUser.set(after.userId, after.id);
      const open = this.#openByConsultant.get(after.consultantId) ?? new Set<string>();
      open.add(after.id);
      this.#openByConsultant.set(after.consultantId, open);
    } else if (wasOpen && !isOpen) {
      this.#leases.delete(after.id);
      this.#openByUser.delete(after.userId);
      const open = this.#openByConsultant.get(after.consultantId);
      open?.delete(after.id);
      if (open?.size === 0) this.#openByConsultant.delete(after.consultantId);
    }
    const acceptedBefore = before !== undefined && this.#times.get(before.row, AT.acceptedAt) !== null;
    if (after.acceptedAt !== null && !acceptedBefore) this.#markAccepted(after.userId, after.consultantId);
  }

  // No per-pair key strings: a million users with one consultant each cost one map entry apiece.
  #markAccepted(userId: string, consultantId: string): void {
    const accepted = this.#acceptedWith.get(userId);
    if (accepted === undefined) this.#acceptedWith.set(userId, consultantId);
    else if (typeof accepted !== 'string') accepted.add(consultantId);
    else if (accepted !== consultantId) this.#acceptedWith.set(userId, new Set([accepted, consultantId]));
  }
}

/** Creates an empty in-memory billing store. */
export function createMemoryBillingStore(): MemoryBillingStore {
  return new MemoryBillingStore();
}
