import type { QueryOptions, SqlExecutor } from '@jyotishconnect/core';
import type { Payout, PayoutQuery, PayoutStore, PayoutTransition } from '../../payout-store.js';
import { payoutParams, type Row, toPayout } from './rows.js';
import { paymentTables } from './schema.js';
import { payoutStatements } from './sql.js';

/** Every statement has a fixed text per schema: prepared once per connection, planned once. */
const PREPARED: QueryOptions = { prepare: true };

/** Options of {@link createPostgresPayoutStore}. */
export interface PostgresPayoutStoreOptions {
  /** `fromPg(pool)` for a PostgreSQL server or `fromPGlite(db)` for embedded PGlite. */
  db: SqlExecutor;
  /** Schema holding the tables created by `migratePaymentStore`; defaults to `public`. */
  schema?: string;
}

/**
 * A {@link PayoutStore} on PostgreSQL or PGlite through core's `SqlExecutor`.
 * Run `migratePaymentStore` first.
 *
 * Every method is one guarded statement, plus a plain read when it changed
 * nothing: a transition is `UPDATE … WHERE status = ANY(from)`, whose row lock
 * makes racing settlements wait and then find the payout decided; an insert is
 * `ON CONFLICT (id) DO NOTHING`, after which the stored row is read back.
 */
export class PostgresPayoutStore implements PayoutStore {
  readonly #db: SqlExecutor;
  readonly #sql: ReturnType<typeof payoutStatements>;

  constructor(options: PostgresPayoutStoreOptions) {
    this.#db = options.db;
    this.#sql = payoutStatements(paymentTables(options.schema ?? 'public'));
  }

  async insertPayout(payout: Payout): Promise<{ record: Payout; inserted: boolean }> {
    const { rows } = await this.#db.query(this.#sql.insert, payoutParams(payout), PREPARED);
    if (rows[0]) return { record: toPayout(rows[0]), inserted: true };
    const stored = await this.getPayout(payout.id);
    if (!stored) throw new Error(`payout ${payout.id} was reported as a duplicate but is missing`);
    return { record: stored, inserted: false };
  }

  async getPayout(id: string): Promise<Payout | null> {
    return this.#payout(await this.#db.query(this.#sql.payout, [id], PREPARED));
  }

  async transitionPayout(id: string, transition: PayoutTransition): Promise<Payout | null> {
    const params = [
      id,
      transition.from,
      transition.to,
      transition.providerPayoutId ?? null,
      transition.note ?? null,
      transition.settledAt ?? null,
    ];
    const moved = this.#payout(await this.#db.query(this.#sql.transition, params, PREPARED));
    return moved ?? (await this.getPayout(id)); // in none of the `from` statuses, or no such payout
  }

  async listPayouts(query: PayoutQuery): Promise<Payout[]> {
    const { consultantId, status, limit } = query;
    if (consultantId !== undefined && status !== undefined) {
      return this.#list(this.#sql.listOfConsultantInStatus, [limit, consultantId, status]);
    }
    if (consultantId !== undefined) return this.#list(this.#sql.listOfConsultant, [limit, consultantId]);
    if (status !== undefined) return this.#list(this.#sql.listInStatus, [limit, status]);
    return this.#list(this.#sql.list, [limit]);
  }

  async #list(text: string, params: unknown[]): Promise<Payout[]> {
    const { rows } = await this.#db.query(text, params, PREPARED);
    return rows.map(toPayout);
  }

  #payout({ rows }: { rows: Row[] }): Payout | null {
    return rows[0] ? toPayout(rows[0]) : null;
  }
}

/** Creates a PostgreSQL/PGlite payout store over a schema migrated by `migratePaymentStore`. */
export function createPostgresPayoutStore(options: PostgresPayoutStoreOptions): PostgresPayoutStore {
  return new PostgresPayoutStore(options);
}
