import type { WalletTables } from './schema.js';

const HOLD_COLUMNS =
  'id, account_id, amount, status, captured_amount, capture_transaction_id, expires_at, metadata, created_at';

/** Reads one hold, with the request it was placed by. */
export function holdSql(t: WalletTables): string {
  return `SELECT ${HOLD_COLUMNS}, request FROM ${t.holds} WHERE id = $1`;
}

/**
 * Inserts a hold and reserves its amount on shard 0 in one statement; a
 * duplicate id writes nothing. Guards read the locked (latest) balance row
 * and abort the statement before the reservation is written.
 */
export function placeHoldSql(t: WalletTables): string {
  return `
WITH hold AS (
  INSERT INTO ${t.holds} (${HOLD_COLUMNS}, request)
  VALUES ($1, $2, $3, 'open', 0, NULL, $4, $5::text::jsonb, $6, $7::text::jsonb)
  ON CONFLICT (id) DO NOTHING
  RETURNING id
),
locked AS (
  SELECT b.amount, b.held, b.floored FROM ${t.balances} b
  WHERE b.account_id = $2 AND b.shard = 0 AND EXISTS (SELECT FROM hold)
  FOR UPDATE
),
verdict AS (
  SELECT ${t.reject}(failure.code, $2) AS rejected
  FROM (
    SELECT CASE
      WHEN a.id IS NULL THEN 'ACCOUNT_NOT_FOUND'
      WHEN a.frozen THEN 'ACCOUNT_FROZEN'
      WHEN l.floored AND l.amount - l.held - $3::bigint < 0 THEN 'INSUFFICIENT_FUNDS'
    END AS code
    FROM hold LEFT JOIN ${t.accounts} a ON a.id = $2 LEFT JOIN locked l ON true
  ) failure
  WHERE failure.code IS NOT NULL
),
reserved AS (
  UPDATE ${t.balances} b SET held = l.held + $3::bigint
  FROM locked l
  WHERE b.account_id = $2 AND b.shard = 0 AND NOT EXISTS (SELECT FROM verdict)
  RETURNING b.held
)
SELECT EXISTS (SELECT FROM hold) AS created, (SELECT count(*) FROM verdict) AS rejected,
  (SELECT count(*) FROM reserved) AS reserved`;
}

/** Moves an open hold to `$2` and drops its reservation; returns the ended hold, or nothing if it was not open. */
export function endHoldSql(t: WalletTables): string {
  return `
WITH ended AS (
  UPDATE ${t.holds} SET status = $2 WHERE id = $1 AND status = 'open'
  RETURNING ${HOLD_COLUMNS}
),
freed AS (
  UPDATE ${t.balances} b SET held = b.held - e.amount
  FROM ended e
  WHERE b.account_id = e.account_id AND b.shard = 0
  RETURNING b.held
)
SELECT ${HOLD_COLUMNS}, (SELECT count(*) FROM freed) AS freed FROM ended`;
}

/**
 * Expires due open holds (of one account when `$2` is set) and drops their
 * reservations. Holds, then balance rows, are locked in key order so that
 * concurrent sweeps and captures queue instead of deadlocking.
 */
export function expireHoldsSql(t: WalletTables): string {
  return `
WITH due AS (
  SELECT id FROM ${t.holds}
  WHERE status = 'open' AND expires_at <= $1 AND ($2::text IS NULL OR account_id = $2::text)
  ORDER BY id
  FOR UPDATE
),
expired AS (
  UPDATE ${t.holds} h SET status = 'expired'
  FROM due WHERE h.id = due.id AND h.status = 'open'
  RETURNING h.account_id, h.amount
),
totals AS (
  SELECT account_id, sum(amount)::bigint AS amount FROM expired GROUP BY account_id
),
locked AS (
  SELECT b.account_id, b.held FROM ${t.balances} b JOIN totals t ON t.account_id = b.account_id
  WHERE b.shard = 0
  ORDER BY b.account_id
  FOR UPDATE OF b
),
freed AS (
  UPDATE ${t.balances} b SET held = l.held - t.amount
  FROM locked l JOIN totals t ON t.account_id = l.account_id
  WHERE b.account_id = l.account_id AND b.shard = 0
  RETURNING b.held
)
SELECT (SELECT count(*) FROM expired) AS expired, (SELECT count(*) FROM freed) AS freed`;
}
