import type { WalletTables } from '../tables.js';

/** Reads one transaction with the request that created it. */
export function transactionSql(t: WalletTables): string {
  return `
SELECT id, kind, currency, postings, metadata, hold_id, refund_of, created_at, request
FROM ${t.transactions} WHERE id = $1`;
}

/** Paise already refunded from a transaction. */
export function refundedSql(t: WalletTables): string {
  return `SELECT refunded FROM ${t.transactions} WHERE id = $1`;
}

/**
 * One statement page, newest first: postings below the cursor within
 * [`$3`, `$4`), at most `$5`. `older` tells whether any posting of the account
 * lies below the page, which is when the page gets a next cursor.
 */
export function statementSql(t: WalletTables): string {
  return `
WITH page AS (
  SELECT p.id, p.transaction_id, x.kind, p.amount, p.balance_after, x.metadata, p.created_at
  FROM ${t.postings} p JOIN ${t.transactions} x ON x.id = p.transaction_id
  WHERE p.account_id = $1 AND ($2::bigint IS NULL OR p.id < $2::bigint)
    AND ($3::bigint IS NULL OR p.created_at >= $3::bigint) AND ($4::bigint IS NULL OR p.created_at < $4::bigint)
  ORDER BY p.id DESC
  LIMIT $5
)
SELECT page.*, EXISTS (
  SELECT FROM ${t.postings} q WHERE q.account_id = $1 AND q.id < (SELECT min(id) FROM page)
) AS older
FROM page
ORDER BY page.id DESC`;
}

/**
 * One grouped statement page, mirroring `groupEntries` (`statement-groups.ts`):
 * the account's postings within [`$3`, `$4`) and at or below `$6`, folded by
 * the string value of metadata field `$2` unless their kind is in `$8`; rows
 * whose newest posting is below `$5`, newest first, at most `$7`. Every other
 * posting is a group of its own (grouped by its id).
 */
export function groupedStatementSql(t: WalletTables): string {
  return `
WITH lines AS (
  SELECT p.id, p.transaction_id, x.kind, p.amount, p.balance_after, x.metadata, p.created_at,
    CASE WHEN x.kind <> ALL($8::text[]) AND jsonb_typeof(x.metadata -> $2::text) = 'string'
      THEN x.metadata ->> $2::text END AS group_key
  FROM ${t.postings} p JOIN ${t.transactions} x ON x.id = p.transaction_id
  WHERE p.account_id = $1 AND ($6::bigint IS NULL OR p.id <= $6::bigint)
    AND ($3::bigint IS NULL OR p.created_at >= $3::bigint) AND ($4::bigint IS NULL OR p.created_at < $4::bigint)
), groups AS (
  SELECT max(id) AS last_id, group_key, sum(amount) AS total, count(*) AS entries,
    min(created_at) AS first_at, max(created_at) AS last_at, array_agg(DISTINCT kind ORDER BY kind) AS kinds
  FROM lines
  GROUP BY group_key, CASE WHEN group_key IS NULL THEN id END
)
SELECT g.last_id, g.group_key, g.total, g.entries, g.first_at, g.last_at, g.kinds,
  l.transaction_id, l.balance_after, l.metadata
FROM groups g JOIN lines l ON l.id = g.last_id
WHERE $5::bigint IS NULL OR g.last_id < $5::bigint
ORDER BY g.last_id DESC
LIMIT $7`;
}

/**
 * A refund report, mirroring `refundReportOf` (`refund-report.ts`): refund
 * transactions whose metadata holds a string under field `$1`, made in
 * [`$4`, `$5`) and, when `$6` is set, with a value in it, summed by that value
 * (`$2` = 'field') or by the day they were made in time zone `$3`; each
 * refund's credits are its `gross`. Keys in code-unit order.
 */
export function refundReportSql(t: WalletTables): string {
  return `
SELECT * FROM (
  SELECT CASE WHEN $2::text = 'field' THEN x.metadata ->> $1::text
      ELSE to_char(to_timestamp(x.created_at / 1000.0) AT TIME ZONE $3::text, 'YYYY-MM-DD') END AS key,
    count(*) AS refunds, sum(x.gross) AS refunded
  FROM ${t.transactions} x
  WHERE x.kind = 'refund' AND jsonb_typeof(x.metadata -> $1::text) = 'string'
    AND ($4::bigint IS NULL OR x.created_at >= $4::bigint) AND ($5::bigint IS NULL OR x.created_at < $5::bigint)
    AND ($6::text[] IS NULL OR x.metadata ->> $1::text = ANY($6::text[]))
  GROUP BY 1
) AS report ORDER BY key COLLATE "C"`;
}
