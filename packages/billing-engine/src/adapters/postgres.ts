import { type SqlExecutor, sqlState } from '@jyotishconnect/core';
import type { SessionRecord } from '../session.js';
import type {
  BillingStore,
  ClaimQuery,
  EnqueueOutcome,
  InsertSessionOutcome,
  OpenSessionFilter,
  WaitlistEntry,
} from '../store.js';
import { SESSION_COLUMNS, sessionParams, toEntry, toSession, type WaitlistRow } from './postgres/rows.js';
import { billingTables } from './postgres/schema.js';

export { migrateBillingStore } from './postgres/schema.js';

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
const OPEN = `status <> 'ended'`;

function statements(schema: string) {
  const t = billingTables(schema);
  const columns = SESSION_COLUMNS.join(', ');
  const placeholders = SESSION_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
  const assignments = SESSION_COLUMNS.slice(1)
    .map((column, i) => `${column} = $${i + 2}`)
    .join(', ');
  const versionParam = `$${SESSION_COLUMNS.length + 1}`;
  return {
    // Serializes the capacity check of one consultant across connections and processes.
    lockConsultant: `SELECT pg_advisory_xact_lock(hashtextextended('jc_billing:' || $1, 0))`,
    insertChecks: `SELECT
        EXISTS (SELECT 1 FROM ${t.sessions} WHERE id = $1) AS duplicate,
        EXISTS (SELECT 1 FROM ${t.sessions} WHERE user_id = $2 AND ${OPEN}) AS user_busy,
        (SELECT count(*) FROM ${t.sessions} WHERE consultant_id = $3 AND ${OPEN}) AS consultant_open`,
    insert: `INSERT INTO ${t.sessions} (${columns}) VALUES (${placeholders})`,
    get: `SELECT ${columns} FROM ${t.sessions} WHERE id = $1`,
    update: `UPDATE ${t.sessions} SET ${assignments} WHERE id = $1 AND version = ${versionParam} RETURNING 1 AS ok`,
    openByUser: `SELECT ${columns} FROM ${t.sessions} WHERE user_id = $1 AND ${OPEN}`,
    openByConsultant: `SELECT ${columns} FROM ${t.sessions} WHERE consultant_id = $1 AND ${OPEN} ORDER BY requested_at, id`,
    claimable: `SELECT ${columns} FROM ${t.sessions}
      WHERE ${OPEN} AND (lease_until <= $1 OR lease_owner = $2) ORDER BY lease_until, id LIMIT $3`,
    accepted: `SELECT EXISTS (SELECT 1 FROM ${t.sessions} WHERE user_id = $1 AND accepted_at IS NOT NULL) AS accepted`,
    enqueue: `INSERT INTO ${t.waitlist} (id, user_id, consultant_id, service, joined_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (user_id) DO NOTHING RETURNING id`,
    dequeue: `DELETE FROM ${t.waitlist} WHERE id = $1 RETURNING id`,
    queue: `SELECT id, user_id, consultant_id, service, joined_at FROM ${t.waitlist} WHERE consultant_id = $1 ORDER BY seq`,
    entryOf: `SELECT id, user_id, consultant_id, service, joined_at FROM ${t.waitlist} WHERE user_id = $1`,
  };
}

/**
 * A {@link BillingStore} on PostgreSQL or PGlite. A session is one row
 * replaced by a versioned `UPDATE … WHERE version = $v`; a partial unique
 * index keeps one open session per user, and a per-consultant advisory lock
 * makes the capacity check exact with many processes on one database.
 */
export class PostgresBillingStore implements BillingStore {
  readonly #db: SqlExecutor;
  readonly #sql: ReturnType<typeof statements>;

  constructor(options: PostgresBillingStoreOptions) {
    this.#db = options.db;
    this.#sql = statements(options.schema ?? 'public');
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

  async hasAcceptedSession(userId: string): Promise<boolean> {
    const { rows } = await this.#db.query<{ accepted: boolean }>(this.#sql.accepted, [userId], PREPARED);
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

  async queueEntryOf(userId: string): Promise<WaitlistEntry | null> {
    const { rows } = await this.#db.query<WaitlistRow>(this.#sql.entryOf, [userId], PREPARED);
    return rows[0] ? toEntry(rows[0]) : null;
  }
}

/** Creates a billing store over a PostgreSQL or PGlite executor. */
export function createPostgresBillingStore(options: PostgresBillingStoreOptions): PostgresBillingStore {
  return new PostgresBillingStore(options);
}
