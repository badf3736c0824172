import { type SqlExecutor, sqlState } from '@jyotishconnect/core';
import type { BillingReportStore, ReportQuery, ReportRow } from '../../report.js';
import { updateInRounds } from '../../session-batch.js';
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
import {
  type ReportSqlRow,
  sessionParams,
  sessionUpdateRow,
  toEntry,
  toReportRow,
  toSession,
  type WaitlistRow,
} from './rows.js';
import { billingStatements } from './sql.js';

/** Options of {@link createPostgresBillingStore}. */
export interface PostgresBillingStoreOptions {
  /** `fromPg(pool)` for a PostgreSQL server or `fromPGlite(db)` for embedded PGlite. */
  db: SqlExecutor;
  /** Schema holding the tables created by `migrateBillingStore`; defaults to `public`. */
  schema?: string;
}

const UNIQUE_VIOLATION = '23505';
/** Every statement text here is fixed per schema: the server parses and plans each once per connection. */
const PREPARED = { prepare: true } as const;
/**
 * A {@link BillingStore} on PostgreSQL or PGlite. A session is one row
 * replaced by a versioned `UPDATE … WHERE version = $v`; a partial unique
 * index keeps one open session per user, and a per-consultant advisory lock
 * makes the capacity check exact with many processes on one database.
 */
export class PostgresBillingStore implements BillingStore, BillingReportStore {
  readonly #db: SqlExecutor;
  readonly #sql: ReturnType<typeof billingStatements>;

  constructor(options: PostgresBillingStoreOptions) {
    this.#db = options.db;
    this.#sql = billingStatements(options.schema ?? 'public');
  }

  async insertSession(
    session: SessionRecord,
    limits: { readonly maxOpenPerConsultant: number },
  ): Promise<InsertSessionOutcome> {
    try {
      return await this.#db.transaction(async (tx) => {
        await tx.query(this.#sql.lockConsultant, [session.consultantId], PREPARED);
        const { rows } = await tx.query<{ duplicate: boolean; user_busy: boolean; consultant_open: string | number }>(
          this.#sql.insertChecks,
          [session.id, session.userId, session.consultantId],
          PREPARED,
        );
        const checks = rows[0];
        if (checks?.duplicate) return 'duplicate';
        if (session.status !== 'ended') {
          if (checks?.user_busy) return 'user_busy';
          if (Number(checks?.consultant_open ?? 0) >= limits.maxOpenPerConsultant) return 'consultant_busy';
        }
        await tx.query(this.#sql.insert, sessionParams(session), PREPARED);
        return 'created';
      });
    } catch (error) {
      // A racing insert of the same id or the same user's open session committed first.
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      return (await this.getSession(session.id)) ? 'duplicate' : 'user_busy';
    }
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const { rows } = await this.#db.query(this.#sql.get, [id], PREPARED);
    return rows[0] ? toSession(rows[0]) : null;
  }

  async updateSession(session: SessionRecord): Promise<boolean> {
    const { rows } = await this.#db.query(this.#sql.update, [...sessionParams(session), session.version - 1], PREPARED);
    return rows.length === 1;
  }

  async updateSessions(sessions: readonly SessionRecord[]): Promise<boolean[]> {
    return await updateInRounds(sessions, async (round) => {
      const rows = JSON.stringify(round.map(sessionUpdateRow));
      const ids = round.map((session) => session.id);
      const { rows: written } = await this.#db.query<{ id: string }>(this.#sql.updateMany, [rows, ids], PREPARED);
      const updated = new Set(written.map((row) => row.id));
      return round.map((session) => updated.has(session.id));
    });
  }

  async openSessions(filter: OpenSessionFilter): Promise<SessionRecord[]> {
    const { rows } =
      'userId' in filter
        ? await this.#db.query(this.#sql.openByUser, [filter.userId], PREPARED)
        : await this.#db.query(this.#sql.openByConsultant, [filter.consultantId], PREPARED);
    return rows.map(toSession);
  }

  async claimableSessions(query: ClaimQuery): Promise<SessionRecord[]> {
    const { rows } = await this.#db.query(this.#sql.claimable, [query.now, query.owner, query.limit], PREPARED);
    return rows.map(toSession);
  }

  async countSessionsByState(): Promise<SessionCounts> {
    const { rows } = await this.#db.query<{ status: string; sessions: string | number }>(
      this.#sql.countByStatus,
      [],
      PREPARED,
    );
    return sessionCountsOf(rows.map((row) => [row.status, Number(row.sessions)]));
  }

  async hasAcceptedSession(userId: string, consultantId?: string): Promise<boolean> {
    const [statement, params] =
      consultantId === undefined ? [this.#sql.accepted, [userId]] : [this.#sql.acceptedWith, [userId, consultantId]];
    const { rows } = await this.#db.query<{ accepted: boolean }>(statement, params, PREPARED);
    return rows[0]?.accepted === true;
  }

  async enqueue(entry: WaitlistEntry): Promise<EnqueueOutcome> {
    for (;;) {
      const params = [entry.id, entry.userId, entry.consultantId, entry.service, entry.joinedAt];
      const { rows } = await this.#db.query(this.#sql.enqueue, params, PREPARED);
      if (rows.length === 1) return { status: 'created', entry };
      const existing = await this.queueEntryOf(entry.userId);
      // The entry in the way left the queue a moment ago: try again.
      if (existing) return { status: 'queued', entry: existing };
    }
  }

  async dequeue(entryId: string): Promise<boolean> {
    const { rows } = await this.#db.query(this.#sql.dequeue, [entryId], PREPARED);
    return rows.length === 1;
  }

  async queue(consultantId: string): Promise<WaitlistEntry[]> {
    const { rows } = await this.#db.query<WaitlistRow>(this.#sql.queue, [consultantId], PREPARED);
    return rows.map(toEntry);
  }

  async report(query: ReportQuery): Promise<ReportRow[]> {
    const params = [query.from, query.to, query.groupBy, query.timeZone, query.consultantId];
    const { rows } = await this.#db.query<ReportSqlRow>(this.#sql.report, params, PREPARED);
    return rows.map(toReportRow);
  }

  async queueEntryOf(userId: string): Promise<WaitlistEntry | null> {
    const { rows } = await this.#db.query<WaitlistRow>(this.#sql.entryOf, [userId], PREPARED);
    return rows[0] ? toEntry(rows[0]) : null;
  }
}

/** Creates a billing store over a PostgreSQL or PGlite executor. */
export function createPostgresBillingStore(options: PostgresBillingStoreOptions): PostgresBillingStore {
  return new PostgresBillingStore(options);
}
