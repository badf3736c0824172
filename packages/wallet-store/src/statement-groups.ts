import { invalidInput } from './errors.js';
import type { GroupedStatementOptions } from './inputs.js';
import type { GroupedStatementQuery, PositionedGroup } from './store.js';
import type { GroupedStatementPage, StatementEntry, StatementGroup, TransactionKind } from './types.js';
import { checkTime } from './validate.js';

// A grouped statement folds every entry whose metadata names the same value
// under one field (a consultation's `sessionId`) into one row. The rule of
// which entries fold lives here once; the SQL and MongoDB adapters mirror it
// in their query, and the memory adapter calls `groupEntries` itself.

/** Kinds that stay rows of their own whatever their metadata: money in from outside, and money given back. */
export const STANDALONE_KINDS: readonly TransactionKind[] = ['topup', 'refund'];

/** The metadata field a grouped statement folds by unless the caller names another. */
export const DEFAULT_GROUP_FIELD = 'sessionId';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const CURSOR = /^(\d{1,19})\.(\d{1,19})$/;

/** Checks {@link GroupedStatementOptions}: a page of 1 to 500 rows (default 50), a field name, a cursor, a time window. */
export function checkGroupedStatementOptions(options: GroupedStatementOptions): GroupedStatementQuery {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalidInput('limit', 'must be an integer from 1 to 500');
  const groupBy = options.groupBy ?? DEFAULT_GROUP_FIELD;
  if (typeof groupBy !== 'string' || !FIELD.test(groupBy))
    throw invalidInput('groupBy', 'must be a metadata field name of letters, digits and _');
  const from = options.from === undefined ? null : checkTime(options.from, 'from');
  const to = options.to === undefined ? null : checkTime(options.to, 'to');
  if (options.cursor === undefined) return { limit, groupBy, from, to, before: null, upTo: null };
  const match = typeof options.cursor === 'string' ? CURSOR.exec(options.cursor) : null;
  if (!match) throw invalidInput('cursor', 'is not a grouped statement cursor');
  return { limit, groupBy, from, to, before: Number(match[1]), upTo: Number(match[2]) };
}

/** The key an entry folds under, or `null` when it is a row of its own. */
export function groupKeyOf(entry: Pick<StatementEntry, 'kind' | 'metadata'>, groupBy: string): string | null {
  if (STANDALONE_KINDS.includes(entry.kind)) return null;
  const value = Object.hasOwn(entry.metadata, groupBy) ? entry.metadata[groupBy] : undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * Folds entries (newest first, already inside the query's window and
 * snapshot) into rows ordered by their newest entry; the memory adapter's
 * whole query, and the reference the other adapters' queries mirror.
 */
export function groupEntries(entries: Iterable<StatementEntry>, groupBy: string): PositionedGroup[] {
  const rows: { position: number; group: MutableGroup }[] = [];
  const byKey = new Map<string, MutableGroup>();
  for (const entry of entries) {
    const key = groupKeyOf(entry, groupBy);
    const existing = key === null ? undefined : byKey.get(key);
    if (existing) {
      existing.total += entry.amount;
      existing.count += 1;
      existing.firstAt = Math.min(existing.firstAt, entry.createdAt);
      if (!existing.kinds.includes(entry.kind)) existing.kinds.push(entry.kind);
      continue;
    }
    const group: MutableGroup = {
      key,
      total: entry.amount,
      count: 1,
      kinds: [entry.kind],
      firstAt: entry.createdAt,
      lastAt: entry.createdAt,
      transactionId: entry.transactionId,
      metadata: entry.metadata,
      balanceAfter: entry.balanceAfter,
    };
    if (key !== null) byKey.set(key, group);
    rows.push({ position: Number(entry.cursor), group });
  }
  return rows.map(({ position, group }) => ({ position, group: { ...group, kinds: [...group.kinds].sort() } }));
}

/**
 * The page an adapter answers: at most `limit` of `rows` (newest first,
 * already below `before`, one more than a page when there are more), with the
 * cursor carrying the snapshot so later pages count the same entries.
 */
export function groupedPage(rows: readonly PositionedGroup[], query: GroupedStatementQuery): GroupedStatementPage {
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const upTo = query.upTo ?? page[0]?.position;
  const more = rows.length > query.limit && last !== undefined && upTo !== undefined;
  return { rows: page.map((row) => row.group), nextCursor: more ? `${last.position}.${upTo}` : null };
}

type MutableGroup = { -readonly [K in keyof StatementGroup]: StatementGroup[K] } & { kinds: TransactionKind[] };
