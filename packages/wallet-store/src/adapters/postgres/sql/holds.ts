import type { WalletTables } from '../tables.js';

const HOLD_COLUMNS =
  'id, account_id, amount, status, captured_amount, capture_transaction_id, expires_at, metadata, created_at';

/** Reads one hold, with the request it was placed by. */
export function holdSql(t: WalletTables): string {
  return `SELECT ${HOLD_COLUMNS}, request FROM ${t.holds} WHERE id = $1`;
}

/**
 * Places a hold as one PL/pgSQL function: insert it (a duplicate id writes
 * nothing and returns false before any guard runs), close the account's
 * holds that expired by the hold's creation (expiry on touch), then reserve
 * its amount on shard 0 under the floor guard. A raised guard aborts the
 * statement, so nothing is written.
 */
export function placeHoldFunctionSql(t: WalletTables): string {
  return `
CREATE OR REPLACE FUNCTION ${t.placeHold}(
  in_id text, in_account text, in_amount bigint, in_expires_at bigint, in_metadata jsonb, in_created_at bigint,
  in_request jsonb
) RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
  account_frozen boolean;
  swept bigint := 0;
BEGIN
  INSERT INTO ${t.holds} (${HOLD_COLUMNS}, request)
  VALUES (in_id, in_account, in_amount, 'open', 0, NULL, in_expires_at, in_metadata, in_created_at, in_request)
  ON CONFLICT (id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  SELECT a.frozen INTO account_frozen FROM ${t.accounts} a WHERE a.id = in_account;
  IF NOT FOUND THEN
    PERFORM ${t.reject}('ACCOUNT_NOT_FOUND', in_account);
  ELSIF account_frozen THEN
    PERFORM ${t.reject}('ACCOUNT_FROZEN', in_account);
  END IF;
  IF EXISTS (SELECT FROM ${t.holds} h
      WHERE h.account_id = in_account AND h.status = 'open' AND h.expires_at <= in_created_at) THEN
    WITH due AS (
      SELECT h.id FROM ${t.holds} h
      WHERE h.account_id = in_account AND h.status = 'open' AND h.expires_at <= in_created_at
      ORDER BY h.id FOR UPDATE
    ),
    expired AS (UPDATE ${t.holds} h SET status = 'expired' FROM due WHERE h.id = due.id RETURNING h.amount)
    SELECT COALESCE(sum(amount), 0)::bigint INTO swept FROM expired;
  END IF;
  UPDATE ${t.balances} b SET held = b.held - swept + in_amount
  WHERE b.account_id = in_account AND b.shard = 0
    AND (NOT b.floored OR b.amount - (b.held - swept) - in_amount >= 0);
  IF NOT FOUND THEN
    PERFORM ${t.reject}('INSUFFICIENT_FUNDS', in_account);
  END IF;
  RETURN true;
END $fn$`;
}

/** The call of {@link placeHoldFunctionSql}: one row whose `created` is false for a replayed id. */
export function placeHoldSql(t: WalletTables): string {
  return `SELECT ${t.placeHold}($1::text, $2::text, $3::bigint, $4::bigint, $5::jsonb, $6::bigint, $7::jsonb) AS created`;
}

/** Inserts a hold that never reserved anything; a duplicate id writes nothing. */
export function voidHoldSql(t: WalletTables): string {
  return `INSERT INTO ${t.holds} (${HOLD_COLUMNS}, request)
VALUES ($1, $2, 0, 'released', 0, NULL, $3, '{}'::jsonb, $3, $4::jsonb)
ON CONFLICT (id) DO NOTHING
RETURNING id`;
}

/**
 * Releases a hold open and unexpired at `$2` and drops its reservation;
 * returns the released hold, or nothing if it was not open and unexpired.
 */
export function releaseHoldSql(t: WalletTables): string {
  return `
WITH ended AS (
  UPDATE ${t.holds} SET status = 'released'
  WHERE id = $1 AND status = 'open' AND expires_at > $2
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
