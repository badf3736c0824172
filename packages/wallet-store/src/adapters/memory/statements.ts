import { groupEntries } from '../../statement-groups.js';
import type { GroupedStatementQuery, PositionedGroup, StatementQuery } from '../../store.js';
import type { StatementEntry, StatementPage } from '../../types.js';
import type { TransactionLog } from './ledger.js';
import type { StatementLines } from './statement-lines.js';

// An account's statement read from its lines in the log: lines are in time
// order, so a read walks back from the newest and stops at the window's start.

/** A page of the account's statement, newest first. */
export function statementPageOf(lines: StatementLines, log: TransactionLog, query: StatementQuery): StatementPage {
  const entries: StatementEntry[] = [];
  let index = query.cursor === null ? lines.length - 1 : lines.lastIndexBefore(Number(query.cursor));
  for (; index >= 0 && entries.length < query.limit; index--) {
    const createdAt = lines.createdAt(index, log);
    if (query.to !== null && createdAt >= query.to) continue;
    if (query.from !== null && createdAt < query.from) break;
    entries.push(lines.entryAt(index, log));
  }
  const more = entries.length === query.limit && index >= 0;
  return { entries, nextCursor: more ? (entries.at(-1) as StatementEntry).cursor : null };
}

/** The account's statement rows grouped by consultation, up to one past the page (so the caller knows of more). */
export function groupedRowsOf(
  lines: StatementLines,
  log: TransactionLog,
  query: GroupedStatementQuery,
): PositionedGroup[] {
  const rows = groupEntries(entriesInWindow(lines, log, query), query.groupBy);
  const { before } = query;
  return (before === null ? rows : rows.filter((row) => row.position < before)).slice(0, query.limit + 1);
}

/** An account's entries, newest first, at or below `upTo` and inside the query's time window. */
function* entriesInWindow(
  lines: StatementLines,
  log: TransactionLog,
  query: GroupedStatementQuery,
): Generator<StatementEntry> {
  const top = query.upTo === null ? lines.length - 1 : lines.lastIndexBefore(query.upTo + 1);
  for (let index = top; index >= 0; index--) {
    const createdAt = lines.createdAt(index, log);
    if (query.to !== null && createdAt >= query.to) continue;
    if (query.from !== null && createdAt < query.from) return;
    yield lines.entryAt(index, log);
  }
}
