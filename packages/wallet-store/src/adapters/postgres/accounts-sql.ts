import type { WalletTables } from './schema.js';

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

const ACCOUNT_TOTALS = 'sum(b.amount) AS balance, sum(b.held) AS held';

/** Reads one account with its balance and reservation summed over its shards. */
export function accountSql(t: WalletTables): string {
  return `
SELECT a.id, a.type, a.currency, a.frozen, a.created_at, ${ACCOUNT_TOTALS}
FROM ${t.accounts} a JOIN ${t.balances} b ON b.account_id = a.id
WHERE a.id = $1
GROUP BY a.id`;
}

/** Sets `frozen` and returns the account as {@link accountSql} does, in one statement. */
export function setFrozenSql(t: WalletTables): string {
  return `
WITH a AS (
  UPDATE ${t.accounts} SET frozen = $2 WHERE id = $1
  RETURNING id, type, currency, frozen, created_at
)
SELECT a.id, a.type, a.currency, a.frozen, a.created_at, ${ACCOUNT_TOTALS}
FROM a JOIN ${t.balances} b ON b.account_id = a.id
GROUP BY a.id, a.type, a.currency, a.frozen, a.created_at`;
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
