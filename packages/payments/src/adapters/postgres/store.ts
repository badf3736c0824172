import type { QueryOptions, SqlExecutor } from '@jyotishconnect/core';
import type { Inserted, PaymentOrder, PaymentRefund, PaymentStore, RefundStatus } from '../../store.js';
import { orderParams, type Row, refundParams, toOrder, toRefund } from './rows.js';
import { paymentTables } from './schema.js';
import { paymentStatements } from './sql.js';

/** Every statement has a fixed text per schema: prepared once per connection, planned once. */
const PREPARED: QueryOptions = { prepare: true };

/** Options of {@link createPostgresPaymentStore}. */
export interface PostgresPaymentStoreOptions {
  /** `fromPg(pool)` for a PostgreSQL server or `fromPGlite(db)` for embedded PGlite. */
  db: SqlExecutor;
  /** Schema holding the tables created by `migratePaymentStore`; defaults to `public`. */
  schema?: string;
}

/**
 * A {@link PaymentStore} on PostgreSQL or PGlite through core's `SqlExecutor`.
 * Run `migratePaymentStore` first.
 *
 * Every method is one guarded statement, plus a plain read when it changed
 * nothing: a claim is `UPDATE … WHERE status <> 'paid'`, whose row lock makes
 * racing claims wait and then find the order paid; an insert is `ON CONFLICT
 * (id) DO NOTHING`, after which the stored row is read back.
 */
export class PostgresPaymentStore implements PaymentStore {
  readonly #db: SqlExecutor;
  readonly #sql: ReturnType<typeof paymentStatements>;

  constructor(options: PostgresPaymentStoreOptions) {
    this.#db = options.db;
    this.#sql = paymentStatements(paymentTables(options.schema ?? 'public'));
  }

  async insertOrder(order: PaymentOrder): Promise<Inserted<PaymentOrder>> {
    const { rows } = await this.#db.query(this.#sql.insertOrder, orderParams(order), PREPARED);
    if (rows[0]) return { record: toOrder(rows[0]), inserted: true };
    const stored = await this.getOrder(order.id);
    if (!stored) throw new Error(`order ${order.id} was reported as a duplicate but is missing`);
    return { record: stored, inserted: false };
  }

  async getOrder(id: string): Promise<PaymentOrder | null> {
    return this.#order(await this.#db.query(this.#sql.order, [id], PREPARED));
  }

  async findOrderByProviderId(provider: string, providerOrderId: string): Promise<PaymentOrder | null> {
    return this.#order(await this.#db.query(this.#sql.orderByProviderId, [provider, providerOrderId], PREPARED));
  }

  async claimPayment(orderId: string, paymentId: string, at: number): Promise<PaymentOrder | null> {
    const claimed = this.#order(await this.#db.query(this.#sql.claimPayment, [orderId, paymentId, at], PREPARED));
    return claimed ?? (await this.getOrder(orderId)); // already paid, or no such order
  }

  async markFailed(orderId: string, reason: string): Promise<PaymentOrder | null> {
    const failed = this.#order(await this.#db.query(this.#sql.markFailed, [orderId, reason], PREPARED));
    return failed ?? (await this.getOrder(orderId)); // paid, or no such order
  }

  async linkProviderOrder(orderId: string, providerOrderId: string): Promise<PaymentOrder | null> {
    const linked = this.#order(await this.#db.query(this.#sql.linkProviderOrder, [orderId, providerOrderId], PREPARED));
    return linked ?? (await this.getOrder(orderId)); // linked already, or no such order
  }

  async ordersOf(userId: string, limit: number): Promise<PaymentOrder[]> {
    const { rows } = await this.#db.query(this.#sql.ordersOf, [userId, limit], PREPARED);
    return rows.map(toOrder);
  }

  async insertRefund(refund: PaymentRefund): Promise<Inserted<PaymentRefund>> {
    const { rows } = await this.#db.query(this.#sql.insertRefund, refundParams(refund), PREPARED);
    if (rows[0]) return { record: toRefund(rows[0]), inserted: true };
    const stored = await this.#db.query(this.#sql.refund, [refund.id], PREPARED);
    if (!stored.rows[0]) throw new Error(`refund ${refund.id} was reported as a duplicate but is missing`);
    return { record: toRefund(stored.rows[0]), inserted: false };
  }

  async settleRefund(
    match: { readonly id: string } | { readonly providerRefundId: string },
    status: RefundStatus,
    providerRefundId?: string,
  ): Promise<PaymentRefund | null> {
    const [text, key] =
      'id' in match ? [this.#sql.settleById, match.id] : [this.#sql.settleByProviderId, match.providerRefundId];
    const { rows } = await this.#db.query(text, [key, status, providerRefundId ?? null], PREPARED);
    return rows[0] ? toRefund(rows[0]) : null;
  }

  #order({ rows }: { rows: Row[] }): PaymentOrder | null {
    return rows[0] ? toOrder(rows[0]) : null;
  }
}

/** Creates a PostgreSQL/PGlite payment store over a migrated schema. */
export function createPostgresPaymentStore(options: PostgresPaymentStoreOptions): PostgresPaymentStore {
  return new PostgresPaymentStore(options);
}
