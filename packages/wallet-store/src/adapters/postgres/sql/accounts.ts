import type { WalletTables } from '../tables.js';

/** Inserts an account and its zeroed balance rows; a duplicate id writes nothing. */
export function createAccountSql(t: WalletTables): string {
  return `
WITH account AS (
  INSERT INTO ${t.accounts} (id, type, currency, frozen, shards, floored, created_at)
  VALUES ($1, $2, $3, false, $4, $5, $6)
  ON CONFLICT (id) DO NOTHING
  RETURNING id, shards, floored
),
balance AS (
  INSERT INTO ${t.balances} (account_id, shard, amount, held, floored)
  SELECT a.id, shard, 0, 0, a.floored FROM account a, generate_series(0, a.shards - 1) AS shard
  RETURNING shard
)
SELECT (SELECT count(*) FROM account) AS created, (SELECT count(*) FROM balance) AS shards`;
}

/**
 * The balance and reservation of account `a` summed over its shards, where the
 * reservation leaves out open holds expired by `now` (the parameter named),
 * which storage closes only on the account's next write or sweep. A lateral
 * aggregate per account: its shards are found through the balances' key
 * however many accounts are read. As a join grouped by account, the planner
 * hashed the whole balances table for a handful of ids whenever its
 * statistics lagged the table's growth, a scan on every read.
 */
function accountTotals(t: WalletTables, now: string): string {
  return `CROSS JOIN LATERAL (
  SELECT sum(b.amount) AS balance, sum(b.held) - COALESCE((
    SELECT sum(h.amount) FROM ${t.holds} h
    WHERE h.account_id = a.id AND h.status = 'open' AND h.expires_at <= ${now}::bigint), 0) AS held
  FROM ${t.balances} b WHERE b.account_id = a.id
) s`;
}

/** Reads one account (`$1`) at instant `$2`, with its balance and unexpired reservation. */
export function accountSql(t: WalletTables): string {
  return `
SELECT a.id, a.type, a.currency, a.frozen, a.created_at, s.balance, s.held
FROM ${t.accounts} a ${accountTotals(t, '$2')}
WHERE a.id = $1`;
}

/** Reads the accounts whose ids are in the array `$1` at instant `$2`, as {@link accountSql} reads one; unknown ids give no row. */
export function accountsSql(t: WalletTables): string {
  return `
SELECT a.id, a.type, a.currency, a.frozen, a.created_at, s.balance, s.held
FROM ${t.accounts} a ${accountTotals(t, '$2')}
WHERE a.id = ANY($1::text[])`;
}

/** Sets `frozen` (`$2`) and returns the account as {@link accountSql} reads it at `$3`, in one statement. */
export function setFrozenSql(t: WalletTables): string {
  return `
WITH a AS (
  UPDATE ${t.accounts} SET frozen = $2 WHERE id = $1
  RETURNING id, type, currency, frozen, created_at
)
SELECT a.id, a.type, a.currency, a.frozen, a.created_at, s.balance, s.held
FROM a ${accountTotals(t, '$3')}`;
}

/** Per-account stored totals next to the totals recomputed from postings and open holds, from one snapshot. */
export function auditSql(t: WalletTables): string {
  return `
SELECT a.id, a.type, b.balance, b.held, COALESCE(p.posted, 0) AS posted, COALESCE(h.open, 0) AS open
FROM ${t.accounts} a
JOIN (SELECT account_id, sum(amount) AS balance, sum(held) AS held FROM ${t.balances} GROUP BY account_id) b
  ON b.account_id = a.id
LEFT JOIN (SELECT account_id, sum(amount) AS posted FROM ${t.postings} GROUP BY account_id) p
  ON p.account_id = a.id
LEFT JOIN (SELECT account_id, sum(amount) AS open FROM ${t.holds} WHERE status = 'open' GROUP BY account_id) h
  ON h.account_id = a.id
ORDER BY a.created_at, a.id`;
}
