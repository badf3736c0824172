import type { PaymentTables } from './schema.js';

const ORDER_COLUMNS = `id, user_id, provider, provider_order_id, amount, currency, status, payment_id,
  failure_reason, checkout, created_at, paid_at`;

const REFUND_COLUMNS = 'id, order_id, payment_id, amount, status, provider_refund_id, created_at';

/** Every statement of the PostgreSQL adapter, with a fixed text per schema (so each can stay prepared). */
export function paymentStatements(t: PaymentTables) {
  // A processed refund stays processed; the provider refund id, once known, is only replaced by a new one.
  const settle = (match: string) => `UPDATE ${t.refunds}
     SET status = CASE WHEN status = 'processed' THEN 'processed' ELSE $2::text END,
       provider_refund_id = COALESCE($3::text, provider_refund_id)
     WHERE ${match} = $1 RETURNING ${REFUND_COLUMNS}`;
  return {
    insertOrder: `INSERT INTO ${t.orders} (${ORDER_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)
       ON CONFLICT (id) DO NOTHING RETURNING ${ORDER_COLUMNS}`,
    order: `SELECT ${ORDER_COLUMNS} FROM ${t.orders} WHERE id = $1`,
    orderByProviderId: `SELECT ${ORDER_COLUMNS} FROM ${t.orders} WHERE provider = $1 AND provider_order_id = $2`,
    // The row lock serializes racing claims; each waiter re-checks `status` on the winner's row and updates nothing.
    claimPayment: `UPDATE ${t.orders} SET status = 'paid', payment_id = $2, failure_reason = NULL, paid_at = $3
       WHERE id = $1 AND status <> 'paid' RETURNING ${ORDER_COLUMNS}`,
    markFailed: `UPDATE ${t.orders} SET status = 'failed', failure_reason = $2
       WHERE id = $1 AND status <> 'paid' RETURNING ${ORDER_COLUMNS}`,
    // Only the placeholder of an unlinked order is replaced: the first link wins.
    linkProviderOrder: `UPDATE ${t.orders} SET provider_order_id = $2
       WHERE id = $1 AND provider_order_id = 'pending:' || id RETURNING ${ORDER_COLUMNS}`,
    ordersOf: `SELECT ${ORDER_COLUMNS} FROM ${t.orders} WHERE user_id = $1
       ORDER BY created_at DESC, id DESC LIMIT $2`,
    insertRefund: `INSERT INTO ${t.refunds} (${REFUND_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO NOTHING RETURNING ${REFUND_COLUMNS}`,
    refund: `SELECT ${REFUND_COLUMNS} FROM ${t.refunds} WHERE id = $1`,
    settleById: settle('id'),
    settleByProviderId: settle('provider_refund_id'),
  };
}

const PAYOUT_COLUMNS = `id, consultant_id, amount, currency, provider, status, provider_payout_id, note,
  created_at, settled_at`;

/** Every payout statement, fixed per schema; `list` has one text per filter, so each uses its own index. */
export function payoutStatements(t: PaymentTables) {
  const list = (where: string) => `SELECT ${PAYOUT_COLUMNS} FROM ${t.payouts} ${where}
     ORDER BY created_at DESC, id DESC LIMIT $1`;
  return {
    insert: `INSERT INTO ${t.payouts} (${PAYOUT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO NOTHING RETURNING ${PAYOUT_COLUMNS}`,
    payout: `SELECT ${PAYOUT_COLUMNS} FROM ${t.payouts} WHERE id = $1`,
    // Racing transitions wait on the row lock, then re-check `status` on the winner's row and update nothing.
    transition: `UPDATE ${t.payouts} SET status = $3,
         provider_payout_id = COALESCE($4::text, provider_payout_id),
         note = COALESCE($5::text, note),
         settled_at = COALESCE($6::bigint, settled_at)
       WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${PAYOUT_COLUMNS}`,
    list: list(''),
    listOfConsultant: list('WHERE consultant_id = $2'),
    listInStatus: list('WHERE status = $2'),
    listOfConsultantInStatus: list('WHERE consultant_id = $2 AND status = $3'),
  };
}
