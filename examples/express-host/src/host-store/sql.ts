import { migrate, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  HostStore,
  InsertResult,
  OrderRecord,
  PayoutRecord,
  RatingRecord,
  SessionRef,
  UserRecord,
} from './port.js';
import { STARS } from './rules.js';

type Row = Record<string, unknown>;

function tables(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.users (id text PRIMARY KEY, name text NOT NULL, email text NOT NULL, role text NOT NULL,
       password_hash text NOT NULL, frozen boolean NOT NULL DEFAULT false, created_at bigint NOT NULL)`,
    `CREATE UNIQUE INDEX users_email ON ${s}.users (lower(email))`,
    `CREATE TABLE ${s}.profiles (consultant_id text PRIMARY KEY, bio text NOT NULL, specialities jsonb NOT NULL,
       languages jsonb NOT NULL, rates jsonb NOT NULL, online boolean NOT NULL)`,
    `CREATE TABLE ${s}.sessions (id text PRIMARY KEY, user_id text NOT NULL, consultant_id text NOT NULL,
       requested_at bigint NOT NULL)`,
    `CREATE INDEX sessions_user ON ${s}.sessions (user_id, requested_at DESC)`,
    `CREATE INDEX sessions_consultant ON ${s}.sessions (consultant_id, requested_at DESC)`,
    `CREATE TABLE ${s}.orders (id text PRIMARY KEY, user_id text NOT NULL, amount bigint NOT NULL, status text NOT NULL,
       event_id text, created_at bigint NOT NULL)`,
    `CREATE TABLE ${s}.payouts (id text PRIMARY KEY, consultant_id text NOT NULL, amount bigint NOT NULL,
       status text NOT NULL, created_at bigint NOT NULL)`,
    `CREATE TABLE ${s}.ratings (id text PRIMARY KEY, session_id text NOT NULL UNIQUE, user_id text NOT NULL,
       consultant_id text NOT NULL, stars integer NOT NULL CHECK (stars BETWEEN ${STARS.min} AND ${STARS.max}), review text,
       hidden boolean NOT NULL DEFAULT false, created_at bigint NOT NULL)`,
    `CREATE TABLE ${s}.auto_recharge (user_id text PRIMARY KEY, threshold bigint NOT NULL, amount bigint NOT NULL)`,
    `CREATE TABLE ${s}.audit (id text PRIMARY KEY, actor_id text NOT NULL, action text NOT NULL, target text NOT NULL,
       details jsonb NOT NULL, created_at bigint NOT NULL)`,
    `CREATE INDEX audit_created ON ${s}.audit (created_at DESC)`,
  ];
}

/** Creates the host's tables in `schema`; idempotent, safe with several processes starting at once. */
export async function migrateHostStore(db: SqlExecutor, schema = 'host'): Promise<void> {
  await migrate(db, { schema, component: 'express-host', migrations: [{ version: 1, statements: tables(schema) }] });
}

const user = (r: Row): UserRecord => ({
  id: String(r.id),
  name: String(r.name),
  email: String(r.email),
  role: r.role as UserRecord['role'],
  passwordHash: String(r.password_hash),
  frozen: Boolean(r.frozen),
  createdAt: Number(r.created_at),
});
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
const profile = (r: Row): ConsultantProfile => ({
  consultantId: String(r.consultant_id),
  bio: String(r.bio),
  specialities: json<string[]>(r.specialities),
  languages: json<string[]>(r.languages),
  rates: json<ConsultantProfile['rates']>(r.rates),
  online: Boolean(r.online),
});
const session = (r: Row): SessionRef => ({
  id: String(r.id),
  userId: String(r.user_id),
  consultantId: String(r.consultant_id),
  requestedAt: Number(r.requested_at),
});
const order = (r: Row): OrderRecord => ({
  id: String(r.id),
  userId: String(r.user_id),
  amount: Number(r.amount),
  status: r.status as OrderRecord['status'],
  eventId: r.event_id === null ? null : String(r.event_id),
  createdAt: Number(r.created_at),
});
const rating = (r: Row): RatingRecord => ({
  id: String(r.id),
  sessionId: String(r.session_id),
  userId: String(r.user_id),
  consultantId: String(r.consultant_id),
  stars: Number(r.stars),
  review: r.review === null ? null : String(r.review),
  hidden: Boolean(r.hidden),
  createdAt: Number(r.created_at),
});
const audit = (r: Row): AuditEntry => ({
  id: String(r.id),
  actorId: String(r.actor_id),
  action: String(r.action),
  target: String(r.target),
  details: json<Record<string, unknown>>(r.details),
  createdAt: Number(r.created_at),
});

/** A {@link HostStore} on PostgreSQL or PGlite (through core's executor). */
export class SqlHostStore implements HostStore {
  readonly #db: SqlExecutor;
  readonly #s: string;

  constructor(db: SqlExecutor, schema = 'host') {
    this.#db = db;
    this.#s = quoteIdent(schema);
  }

  async #rows(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.#db.query<Row>(text, params)).rows;
  }

  async #inserted(text: string, params: readonly unknown[]): Promise<InsertResult> {
    return (await this.#rows(`${text} ON CONFLICT DO NOTHING RETURNING 1 AS ok`, params)).length
      ? 'created'
      : 'duplicate';
  }

  async insertUser(u: UserRecord): Promise<InsertResult> {
    return await this.#inserted(
      `INSERT INTO ${this.#s}.users (id, name, email, role, password_hash, frozen, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [u.id, u.name, u.email, u.role, u.passwordHash, u.frozen, u.createdAt],
    );
  }

  async userById(id: string): Promise<UserRecord | null> {
    const [row] = await this.#rows(`SELECT * FROM ${this.#s}.users WHERE id = $1`, [id]);
    return row ? user(row) : null;
  }

  async userByEmail(email: string): Promise<UserRecord | null> {
    const [row] = await this.#rows(`SELECT * FROM ${this.#s}.users WHERE lower(email) = lower($1)`, [email]);
    return row ? user(row) : null;
  }

  async setFrozen(userId: string, frozen: boolean): Promise<UserRecord | null> {
    const [row] = await this.#rows(`UPDATE ${this.#s}.users SET frozen = $2 WHERE id = $1 RETURNING *`, [
      userId,
      frozen,
    ]);
    return row ? user(row) : null;
  }

  async upsertProfile(p: ConsultantProfile): Promise<void> {
    await this.#rows(
      `INSERT INTO ${this.#s}.profiles (consultant_id, bio, specialities, languages, rates, online)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (consultant_id) DO UPDATE SET bio = $2, specialities = $3,
       languages = $4, rates = $5, online = $6`,
      [
        p.consultantId,
        p.bio,
        JSON.stringify(p.specialities),
        JSON.stringify(p.languages),
        JSON.stringify(p.rates),
        p.online,
      ],
    );
  }

  async profile(consultantId: string): Promise<ConsultantProfile | null> {
    const [row] = await this.#rows(`SELECT * FROM ${this.#s}.profiles WHERE consultant_id = $1`, [consultantId]);
    return row ? profile(row) : null;
  }

  async profiles(): Promise<ConsultantProfile[]> {
    return (await this.#rows(`SELECT * FROM ${this.#s}.profiles ORDER BY consultant_id`)).map(profile);
  }

  async setOnline(consultantId: string, online: boolean): Promise<ConsultantProfile | null> {
    const [row] = await this.#rows(`UPDATE ${this.#s}.profiles SET online = $2 WHERE consultant_id = $1 RETURNING *`, [
      consultantId,
      online,
    ]);
    return row ? profile(row) : null;
  }

  async recordSession(ref: SessionRef): Promise<void> {
    await this.#inserted(
      `INSERT INTO ${this.#s}.sessions (id, user_id, consultant_id, requested_at) VALUES ($1,$2,$3,$4)`,
      [ref.id, ref.userId, ref.consultantId, ref.requestedAt],
    );
  }

  async sessions(participantId: string | null, limit: number): Promise<SessionRef[]> {
    const rows =
      participantId === null
        ? await this.#rows(`SELECT * FROM ${this.#s}.sessions ORDER BY requested_at DESC, id DESC LIMIT $1`, [limit])
        : await this.#rows(
            `SELECT * FROM ${this.#s}.sessions WHERE user_id = $1 OR consultant_id = $1
             ORDER BY requested_at DESC, id DESC LIMIT $2`,
            [participantId, limit],
          );
    return rows.map(session);
  }

  async insertOrder(o: OrderRecord): Promise<InsertResult> {
    return await this.#inserted(
      `INSERT INTO ${this.#s}.orders (id, user_id, amount, status, event_id, created_at) VALUES ($1,$2,$3,$4,$5,$6)`,
      [o.id, o.userId, o.amount, o.status, o.eventId, o.createdAt],
    );
  }

  async order(id: string): Promise<OrderRecord | null> {
    const [row] = await this.#rows(`SELECT * FROM ${this.#s}.orders WHERE id = $1`, [id]);
    return row ? order(row) : null;
  }

  async markOrderPaid(id: string, eventId: string): Promise<OrderRecord | null> {
    await this.#rows(`UPDATE ${this.#s}.orders SET status = 'paid', event_id = $2 WHERE id = $1 AND status <> 'paid'`, [
      id,
      eventId,
    ]);
    return await this.order(id);
  }

  async insertPayout(p: PayoutRecord): Promise<InsertResult> {
    return await this.#inserted(
      `INSERT INTO ${this.#s}.payouts (id, consultant_id, amount, status, created_at) VALUES ($1,$2,$3,$4,$5)`,
      [p.id, p.consultantId, p.amount, p.status, p.createdAt],
    );
  }

  async insertRating(r: RatingRecord): Promise<InsertResult> {
    return await this.#inserted(
      `INSERT INTO ${this.#s}.ratings (id, session_id, user_id, consultant_id, stars, review, hidden, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [r.id, r.sessionId, r.userId, r.consultantId, r.stars, r.review, r.hidden, r.createdAt],
    );
  }

  async ratingOfSession(sessionId: string): Promise<RatingRecord | null> {
    const [row] = await this.#rows(`SELECT * FROM ${this.#s}.ratings WHERE session_id = $1`, [sessionId]);
    return row ? rating(row) : null;
  }

  async ratings(consultantId: string | null): Promise<RatingRecord[]> {
    const rows =
      consultantId === null
        ? await this.#rows(`SELECT * FROM ${this.#s}.ratings ORDER BY created_at DESC`)
        : await this.#rows(`SELECT * FROM ${this.#s}.ratings WHERE consultant_id = $1 ORDER BY created_at DESC`, [
            consultantId,
          ]);
    return rows.map(rating);
  }

  async setReviewHidden(ratingId: string, hidden: boolean): Promise<RatingRecord | null> {
    const [row] = await this.#rows(`UPDATE ${this.#s}.ratings SET hidden = $2 WHERE id = $1 RETURNING *`, [
      ratingId,
      hidden,
    ]);
    return row ? rating(row) : null;
  }

  async setAutoRecharge(userId: string, setting: AutoRecharge | null): Promise<void> {
    if (!setting) {
      await this.#rows(`DELETE FROM ${this.#s}.auto_recharge WHERE user_id = $1`, [userId]);
      return;
    }
    await this.#rows(
      `INSERT INTO ${this.#s}.auto_recharge (user_id, threshold, amount) VALUES ($1,$2,$3)
       ON CONFLICT (user_id) DO UPDATE SET threshold = $2, amount = $3`,
      [userId, setting.threshold, setting.amount],
    );
  }

  async autoRecharge(userId: string): Promise<AutoRecharge | null> {
    const [row] = await this.#rows(`SELECT * FROM ${this.#s}.auto_recharge WHERE user_id = $1`, [userId]);
    return row ? { userId, threshold: Number(row.threshold), amount: Number(row.amount) } : null;
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.#rows(
      `INSERT INTO ${this.#s}.audit (id, actor_id, action, target, details, created_at) VALUES ($1,$2,$3,$4,$5,$6)`,
      [e.id, e.actorId, e.action, e.target, JSON.stringify(e.details), e.createdAt],
    );
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    return (await this.#rows(`SELECT * FROM ${this.#s}.audit ORDER BY created_at DESC, id DESC LIMIT $1`, [limit])).map(
      audit,
    );
  }

  async close(): Promise<void> {}
}
