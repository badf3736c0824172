import { grossOf } from '../../money.js';
import type { LedgerEntry } from '../../store.js';
import type { WalletTables } from './schema.js';

/**
 * The whole ledger write as one statement of data-modifying CTEs, so the
 * common case is one round trip and a failed guard leaves nothing behind.
 *
 * Order of work, made deterministic by `gate` and `locked`:
 * 1. `tx` inserts the transaction; on an id conflict every later step is empty.
 * 2. `hold` captures the hold conditionally, so a concurrent capture sees zero
 *    rows. `originals` locks the refunded transactions in id order (two refunds
 *    over overlapping originals queue instead of deadlocking) and reads their
 *    latest refunded totals; `refund` bumps each total that still equals the
 *    expected one, and any original missing from `refund` is a lost race.
 * 3. `locked` locks the touched balance rows in (account, shard) order: two
 *    opposite transfers queue instead of deadlocking. Its rows are the latest
 *    committed versions, unlike the statement snapshot, so guards use them.
 * 4. `verdict` raises the first failed guard, in the memory adapter's order,
 *    before `moved` writes anything (a CHECK would fire first otherwise).
 * 5. `moved` applies posting amounts and the released reservation per row and
 *    `posted` records each leg with the row's new amount.
 */
export function commitSql(t: WalletTables): string {
  return `
WITH input AS (
  SELECT p.account_id, p.amount, p.ord
  FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS p(account_id, amount, ord)
),
tx AS (
  INSERT INTO ${t.transactions}
    (id, kind, currency, postings, metadata, hold_id, refund_of, created_at, request, gross)
  SELECT $1::text, $4::text,
    COALESCE((SELECT a.currency FROM input p JOIN ${t.accounts} a ON a.id = p.account_id WHERE p.ord = 1), ''),
    $5::text::jsonb, $6::text::jsonb, $7::text, $8::text, $9::bigint, $10::text::jsonb, $11::bigint
  ON CONFLICT (id) DO NOTHING
  RETURNING currency
),
hold AS (
  UPDATE ${t.holds} h SET status = 'captured', capture_transaction_id = $1::text,
    captured_amount = COALESCE((SELECT -p.amount FROM input p WHERE p.account_id = h.account_id ORDER BY p.ord LIMIT 1), 0)
  WHERE h.id = $13::text AND h.status = 'open' AND h.expires_at > $14::bigint AND EXISTS (SELECT FROM tx)
  RETURNING h.account_id, h.amount
),
parts AS (
  SELECT r.transaction_id, r.amount, r.expected, r.ord
  FROM unnest($15::text[], $16::bigint[], $17::bigint[]) WITH ORDINALITY AS r(transaction_id, amount, expected, ord)
),
originals AS (
  SELECT o.id, o.refunded FROM ${t.transactions} o JOIN parts r ON r.transaction_id = o.id
  WHERE EXISTS (SELECT FROM tx)
  ORDER BY o.id
  FOR UPDATE OF o
),
refund AS (
  UPDATE ${t.transactions} x SET refunded = o.refunded + r.amount
  FROM originals o JOIN parts r ON r.transaction_id = o.id
  WHERE x.id = o.id AND o.refunded = r.expected
  RETURNING x.id
),
gate AS (
  SELECT (SELECT count(*) FROM tx) AS created, (SELECT count(*) FROM hold) AS captured,
    (SELECT count(*) FROM refund) AS refunded
),
legs AS (
  SELECT p.account_id, p.amount, p.ord, a.shards, a.frozen, a.currency, $12::integer % a.shards AS shard
  FROM input p LEFT JOIN ${t.accounts} a ON a.id = p.account_id
),
deltas AS (
  SELECT account_id, shard, sum(amount)::bigint AS amount, sum(released)::bigint AS released
  FROM (
    SELECT account_id, shard, amount, 0::bigint AS released FROM legs WHERE shards IS NOT NULL
    UNION ALL
    SELECT account_id, 0, 0, amount FROM hold
  ) moves
  GROUP BY account_id, shard
),
locked AS (
  SELECT b.account_id, b.shard, b.amount, b.held, b.floored
  FROM ${t.balances} b JOIN deltas d ON d.account_id = b.account_id AND d.shard = b.shard
  WHERE (SELECT created FROM gate) = 1
  ORDER BY b.account_id, b.shard
  FOR UPDATE OF b
),
verdict AS (
  SELECT ${t.reject}(failure.code, failure.detail) AS rejected
  FROM (
    SELECT code, detail FROM (
      SELECT 1 AS rank, p.ord, CASE WHEN p.shards IS NULL THEN 'ACCOUNT_NOT_FOUND' ELSE 'ACCOUNT_FROZEN' END AS code,
        p.account_id AS detail
      FROM legs p WHERE p.shards IS NULL OR p.frozen
      UNION ALL
      SELECT 2, 0, 'CURRENCY_MISMATCH', '' FROM legs HAVING count(DISTINCT currency) > 1
      UNION ALL
      SELECT 3, 0, 'HOLD_NOT_OPEN', $13::text FROM gate WHERE $13::text IS NOT NULL AND captured = 0
      UNION ALL
      SELECT 4, r.ord, 'CONCURRENT_MODIFICATION', r.transaction_id
      FROM parts r WHERE NOT EXISTS (SELECT FROM refund f WHERE f.id = r.transaction_id)
      UNION ALL
      SELECT 5, p.ord, 'INSUFFICIENT_FUNDS', p.account_id
      FROM legs p
        JOIN locked l ON l.account_id = p.account_id AND l.shard = p.shard
        JOIN deltas d ON d.account_id = p.account_id AND d.shard = p.shard
      WHERE l.floored AND l.amount + d.amount - (l.held - d.released) < 0
    ) candidates
    WHERE (SELECT created FROM gate) = 1
    ORDER BY rank, ord
    LIMIT 1
  ) failure
),
moved AS (
  UPDATE ${t.balances} b SET amount = l.amount + d.amount, held = l.held - d.released
  FROM locked l JOIN deltas d ON d.account_id = l.account_id AND d.shard = l.shard
  WHERE b.account_id = l.account_id AND b.shard = l.shard AND NOT EXISTS (SELECT FROM verdict)
  RETURNING b.account_id, b.shard, b.amount
),
posted AS (
  INSERT INTO ${t.postings} (transaction_id, account_id, amount, balance_after, created_at)
  SELECT $1::text, p.account_id, p.amount, CASE WHEN p.shards = 1 THEN m.amount END, $9::bigint
  FROM legs p JOIN moved m ON m.account_id = p.account_id AND m.shard = p.shard
  ORDER BY p.ord
  RETURNING id
)
SELECT (SELECT currency FROM tx) AS currency, (SELECT count(*) FROM verdict) AS rejected,
  (SELECT count(*) FROM posted) AS posted`;
}

/** The parameters of {@link commitSql}, in order. */
export function commitParams(entry: LedgerEntry): unknown[] {
  const { transaction, captureHold, refunds = [] } = entry;
  return [
    transaction.id,
    transaction.postings.map((posting) => posting.accountId),
    transaction.postings.map((posting) => posting.amount),
    transaction.kind,
    JSON.stringify(transaction.postings),
    JSON.stringify(transaction.metadata),
    transaction.holdId,
    transaction.refundOf,
    transaction.createdAt,
    JSON.stringify(entry.request),
    grossOf(transaction.postings),
    entry.slot,
    captureHold?.holdId ?? null,
    captureHold?.now ?? null,
    refunds.map((part) => part.transactionId),
    refunds.map((part) => part.amount),
    refunds.map((part) => part.expectedRefunded),
  ];
}
