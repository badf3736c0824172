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
