import { type Migration, migrate, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';

/** Schema-qualified names of the payment tables. */
export interface PaymentTables {
  readonly orders: string;
  readonly refunds: string;
  readonly payouts: string;
}

/** Qualifies every payment table with `schema`. */
export function paymentTables(schema: string): PaymentTables {
  const s = quoteIdent(schema);
  return {
    orders: `${s}.jc_payment_orders`,
    refunds: `${s}.jc_payment_refunds`,
    payouts: `${s}.jc_payment_payouts`,
  };
}

/** The payment tables' migrations, in order. Ids sort by `COLLATE "C"` (code points), as the memory adapter does. */
export function paymentMigrations(schema: string): Migration[] {
  const t = paymentTables(schema);
  return [
    {
      version: 1,
      statements: [
        `CREATE TABLE ${t.orders} (
           id text COLLATE "C" PRIMARY KEY,
           user_id text NOT NULL,
           provider text NOT NULL,
           provider_order_id text NOT NULL,
           amount bigint NOT NULL,
           currency text NOT NULL,
           status text NOT NULL CHECK (status IN ('created', 'paid', 'failed')),
           payment_id text,
           failure_reason text,
           checkout jsonb NOT NULL,
           created_at bigint NOT NULL,
           paid_at bigint,
           CONSTRAINT jc_payment_orders_provider_order UNIQUE (provider, provider_order_id))`,
        `CREATE INDEX jc_payment_orders_user_created ON ${t.orders} (user_id, created_at DESC, id DESC)`,
        // No foreign key to the orders: a refund is recorded before anything else, by the rule that debits it.
        `CREATE TABLE ${t.refunds} (
           id text COLLATE "C" PRIMARY KEY,
           order_id text NOT NULL,
           payment_id text NOT NULL,
           amount bigint NOT NULL,
           status text NOT NULL CHECK (status IN ('pending', 'processed', 'failed')),
           provider_refund_id text,
           created_at bigint NOT NULL)`,
        `CREATE UNIQUE INDEX jc_payment_refunds_provider_refund
           ON ${t.refunds} (provider_refund_id) WHERE provider_refund_id IS NOT NULL`,
      ],
    },
    {
      version: 2,
      statements: [
        `CREATE TABLE ${t.payouts} (
           id text COLLATE "C" PRIMARY KEY,
           consultant_id text NOT NULL,
           amount bigint NOT NULL,
           currency text NOT NULL,
           provider text NOT NULL,
           status text NOT NULL CHECK (status IN ('requested', 'processing', 'paid', 'failed', 'reversed')),
           provider_payout_id text,
           note text,
           created_at bigint NOT NULL,
           settled_at bigint)`,
        // Newest first, ties by id as the memory adapter breaks them: a consultant's payouts, and an operator's queue.
        `CREATE INDEX jc_payment_payouts_consultant_created ON ${t.payouts} (consultant_id, created_at DESC, id DESC)`,
        `CREATE INDEX jc_payment_payouts_status_created ON ${t.payouts} (status, created_at DESC, id DESC)`,
      ],
    },
  ];
}

/**
 * Creates or upgrades the payment and payout tables in `schema` (default `public`).
 * Idempotent, and safe when several processes start at once.
 *
 * @example
 * ```ts
 * const db = fromPGlite(await PGlite.create('./data'));
 * await migratePaymentStore(db);
 * const store = createPostgresPaymentStore({ db });
 * ```
 */
export async function migratePaymentStore(db: SqlExecutor, options: { schema?: string } = {}): Promise<void> {
  const schema = options.schema ?? 'public';
  await migrate(db, { schema, component: 'payments', migrations: paymentMigrations(schema) });
}
