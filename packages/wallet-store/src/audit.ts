import { hasZeroFloor } from './accounts.js';
import type { AccountAudit } from './store.js';
import type { VerifyReport } from './types.js';

/** Checks stored totals against the postings: conservation, reservations and floors. */
export function verifyBooks(rows: readonly AccountAudit[]): VerifyReport {
  const problems: string[] = [];
  let total = 0;
  for (const row of rows) {
    total += row.balance;
    if (row.balance !== row.postedBalance) {
      problems.push(`${row.id}: balance ${row.balance} differs from its postings ${row.postedBalance}`);
    }
    if (row.held !== row.openHolds)
      problems.push(`${row.id}: held ${row.held} differs from open holds ${row.openHolds}`);
    if (hasZeroFloor(row.type) && row.balance - row.held < 0) {
      problems.push(`${row.id}: available balance ${row.balance - row.held} is negative`);
    }
  }
  if (total !== 0) problems.push(`balances sum to ${total}, not 0`);
  return { ok: problems.length === 0, total, accounts: rows.length, problems };
}
