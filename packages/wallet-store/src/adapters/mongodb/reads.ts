import { fromInt64, int64 } from '@jyotishconnect/core/mongodb';
import type { ClientSession, Document, Filter, Long } from 'mongodb';
import { STANDALONE_KINDS } from '../../statement-groups.js';
import type {
  AccountAudit,
  GroupedStatementQuery,
  PositionedGroup,
  RefundReportQuery,
  StatementQuery,
} from '../../store.js';
import type { Account, RefundReportRow, StatementEntry, StatementPage, TransactionKind } from '../../types.js';
import { accountView, type BalanceDoc, cursorBound, decodePosting, type PostingDoc } from './documents.js';
import type { WalletCollections } from './schema.js';

/** A `$sum` over int64 fields: a `Long`, or a plain int32 zero when nothing was summed. */
type Int64Sum = Long | number;

/** One row of a per-account `$sum`. */
interface AccountTotal {
  _id: string;
  total: Int64Sum;
}

/** Reads an account as the port returns it at `now`, in the caller's transaction; `null` when unknown. */
export async function readAccount(
  c: WalletCollections,
  session: ClientSession,
  id: string,
  now: number,
): Promise<Account | null> {
  const doc = await c.accounts.findOne({ _id: id }, { session });
  if (!doc) return null;
  const shards = await c.balances.find({ accountId: id }, { session }).toArray();
  const expiredOpen = [{ $match: { accountId: id, status: 'open', expiresAt: { $lte: int64(now) } } }];
  const [expired] = await c.holds.aggregate<AccountTotal>(sumAmounts(expiredOpen), { session }).toArray();
  return accountView(doc, shards, expired ? fromInt64(expired.total) : 0);
}

/** Reads accounts as {@link readAccount} does, with one query per collection: one result per id, in order. */
export async function readAccounts(
  c: WalletCollections,
  session: ClientSession,
  ids: readonly string[],
  now: number,
): Promise<(Account | null)[]> {
  const wanted = [...new Set(ids)];
  const docs = await c.accounts.find({ _id: { $in: wanted } }, { session }).toArray();
  const shards = new Map<string, BalanceDoc[]>();
  for (const shard of await c.balances.find({ accountId: { $in: wanted } }, { session }).toArray()) {
    shards.set(shard.accountId, [...(shards.get(shard.accountId) ?? []), shard]);
  }
  const expiredOpen = [{ $match: { accountId: { $in: wanted }, status: 'open', expiresAt: { $lte: int64(now) } } }];
  const expired = byAccount(await c.holds.aggregate<AccountTotal>(sumAmounts(expiredOpen), { session }).toArray());
  const views = new Map(
    docs.map((doc) => [doc._id, accountView(doc, shards.get(doc._id) ?? [], expired.get(doc._id) ?? 0)] as const),
  );
  return ids.map((id) => views.get(id) ?? null);
}

/** One page of an account's statement lines, newest first. */
export async function statementPage(
  c: WalletCollections,
  accountId: string,
  query: StatementQuery,
): Promise<StatementPage> {
  const { postings } = c;
  const filter: Filter<PostingDoc> = { accountId };
  if (query.cursor !== null) filter.seq = { $lt: cursorBound(query.cursor) };
  if (query.to !== null) filter.createdAt = { $lt: int64(query.to) };
  const docs = await postings.find(filter, { sort: { seq: -1 }, limit: query.limit }).toArray();
  const page: StatementEntry[] = [];
  for (const doc of docs) {
    if (query.from !== null && fromInt64(doc.createdAt) < query.from) break; // lines are in time order
    page.push(decodePosting(doc));
  }
  // A full page has a next one when any older line exists, whatever its time.
  const last = page.length === query.limit ? docs.at(-1) : undefined;
  const older = last && (await postings.findOne({ accountId, seq: { $lt: last.seq } }, { projection: { _id: 1 } }));
  return { entries: page, nextCursor: last && older ? last.seq.toString() : null };
}

/** Per-account totals for the audit, read in the caller's transaction so they come from one snapshot. */
export async function auditTotals(c: WalletCollections, session: ClientSession): Promise<AccountAudit[]> {
  const { accounts, balances, postings, holds } = c;
  const docs = await accounts.find({}, { session }).toArray();
  const shardTotals = await balances
    .aggregate<{ _id: string; balance: Int64Sum; held: Int64Sum }>(
      [{ $group: { _id: '$accountId', balance: { $sum: '$amount' }, held: { $sum: '$held' } } }],
      { session },
    )
    .toArray();
  const shardsById = new Map(shardTotals.map((row) => [row._id, row]));
  const posted = byAccount(await postings.aggregate<AccountTotal>(sumAmounts([]), { session }).toArray());
  const openHolds = [{ $match: { status: 'open' } }];
  const open = byAccount(await holds.aggregate<AccountTotal>(sumAmounts(openHolds), { session }).toArray());
  return docs.map((doc) => {
    const shards = shardsById.get(doc._id);
    return {
      id: doc._id,
      type: doc.type,
      balance: shards ? fromInt64(shards.balance) : 0,
      held: shards ? fromInt64(shards.held) : 0,
      postedBalance: posted.get(doc._id) ?? 0,
      openHolds: open.get(doc._id) ?? 0,
    };
  });
}

/** A pipeline summing `amount` per account over the documents `stages` pass. */
function sumAmounts(stages: Document[]): Document[] {
  return [...stages, { $group: { _id: '$accountId', total: { $sum: '$amount' } } }];
}

function byAccount(rows: readonly AccountTotal[]): Map<string, number> {
  return new Map(rows.map((row) => [row._id, fromInt64(row.total)]));
}

/** One row of the grouped statement pipeline. */
interface GroupedStatementDoc {
  lastSeq: Long;
  total: Int64Sum;
  count: number;
  firstAt: Long;
  lastAt: Long;
  kinds: TransactionKind[];
  newest: PostingDoc & { groupKey: string | null };
}

/**
 * One grouped statement page in one aggregation, mirroring the SQL adapter's
 * query and `groupEntries` (`statement-groups.ts`): lines in the window and
 * snapshot, folded by the string value of the metadata field unless their kind
 * stands alone, rows below the cursor, newest first, `limit + 1` of them.
 */
export async function groupedStatementRows(
  c: WalletCollections,
  accountId: string,
  query: GroupedStatementQuery,
): Promise<PositionedGroup[]> {
  const match: Filter<PostingDoc> = { accountId };
  if (query.upTo !== null) match.seq = { $lte: int64(query.upTo) };
  const createdAt: Document = {};
  if (query.from !== null) createdAt.$gte = int64(query.from);
  if (query.to !== null) createdAt.$lt = int64(query.to);
  if (query.from !== null || query.to !== null) match.createdAt = createdAt;
  // groupBy is checked to be a plain field name, so it is safe in a field path.
  const field = `$metadata.${query.groupBy}`;
  const folds = { $and: [{ $not: [{ $in: ['$kind', STANDALONE_KINDS] }] }, { $eq: [{ $type: field }, 'string'] }] };
  const groupKey = { $cond: [folds, field, null] };
  const pipeline: Document[] = [
    { $match: match },
    { $sort: { seq: -1 } },
    { $set: { groupKey } },
    {
      $group: {
        _id: { key: '$groupKey', alone: { $cond: [{ $eq: ['$groupKey', null] }, '$seq', null] } },
        lastSeq: { $first: '$seq' },
        newest: { $first: '$$ROOT' },
        total: { $sum: '$amount' },
        count: { $sum: 1 },
        firstAt: { $min: '$createdAt' },
        lastAt: { $max: '$createdAt' },
        kinds: { $addToSet: '$kind' },
      },
    },
    ...(query.before === null ? [] : [{ $match: { lastSeq: { $lt: int64(query.before) } } }]),
    { $sort: { lastSeq: -1 } },
    { $limit: query.limit + 1 },
  ];
  const docs = await c.postings.aggregate<GroupedStatementDoc>(pipeline).toArray();
  return docs.map((doc) => {
    const newest = decodePosting(doc.newest);
    return {
      position: fromInt64(doc.lastSeq),
      group: {
        key: doc.newest.groupKey,
        total: fromInt64(doc.total),
        count: doc.count,
        kinds: [...doc.kinds].sort(),
        firstAt: fromInt64(doc.firstAt),
        lastAt: fromInt64(doc.lastAt),
        transactionId: newest.transactionId,
        metadata: newest.metadata,
        balanceAfter: newest.balanceAfter,
      },
    };
  });
}

/** One row of the refund report pipeline. */
interface RefundReportDoc {
  _id: string;
  refunds: number;
  refunded: Int64Sum;
}

/**
 * A refund report in one aggregation, mirroring `refundReportOf`
 * (`refund-report.ts`) and the SQL adapter's query: refund transactions whose
 * metadata holds a string under the field, in the window and among the values
 * when named, summed by that value or by their day in the time zone; each
 * refund's credits are the sum of its positive postings.
 */
export async function refundReportRows(c: WalletCollections, query: RefundReportQuery): Promise<RefundReportRow[]> {
  // field is checked to be a plain field name, so it is safe in a field path.
  const field = `metadata.${query.field}`;
  const match: Document = { kind: 'refund', [field]: { $type: 'string' } };
  if (query.values !== null) match[field] = { $type: 'string', $in: [...query.values] };
  const createdAt: Document = {};
  if (query.from !== null) createdAt.$gte = int64(query.from);
  if (query.to !== null) createdAt.$lt = int64(query.to);
  if (query.from !== null || query.to !== null) match.createdAt = createdAt;
  const day = { $dateToString: { format: '%Y-%m-%d', date: { $toDate: '$createdAt' }, timezone: query.timeZone } };
  const credits = { $filter: { input: '$postings.amount', cond: { $gt: ['$$this', 0] } } };
  const pipeline: Document[] = [
    { $match: match },
    {
      $group: {
        _id: query.groupBy === 'field' ? `$${field}` : day,
        refunds: { $sum: 1 },
        refunded: { $sum: { $sum: credits } },
      },
    },
    { $sort: { _id: 1 } },
  ];
  const docs = await c.transactions.aggregate<RefundReportDoc>(pipeline).toArray();
  return docs.map((doc) => ({ key: doc._id, refunds: doc.refunds, refunded: fromInt64(doc.refunded) }));
}
