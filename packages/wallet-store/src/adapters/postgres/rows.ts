import type { PositionedGroup, StoredRequest } from '../../store.js';
import type {
  Account,
  AccountType,
  Hold,
  HoldStatus,
  Metadata,
  Posting,
  StatementEntry,
  Transaction,
  TransactionKind,
} from '../../types.js';

// Drivers return int8 and numeric as strings (pg) or numbers (PGlite); every
// money value is a safe integer by the domain's rules, so Number() is exact.
type Int = string | number | bigint;

/** An account row with its shard totals. */
export interface AccountRow {
  id: string;
  type: AccountType;
  currency: string;
  frozen: boolean;
  created_at: Int;
  balance: Int;
  held: Int;
}

/** A transactions row. */
export interface TransactionRow {
  id: string;
  kind: TransactionKind;
  currency: string;
  postings: Posting[];
  metadata: Metadata;
  hold_id: string | null;
  refund_of: string | null;
  created_at: Int;
  request: StoredRequest;
}

/** A holds row. */
export interface HoldRow {
  id: string;
  account_id: string;
  amount: Int;
  status: HoldStatus;
  captured_amount: Int;
  capture_transaction_id: string | null;
  expires_at: Int;
  metadata: Metadata;
  created_at: Int;
}

/** A statement line with the flag telling whether older postings exist. */
export interface StatementRow {
  id: Int;
  transaction_id: string;
  kind: TransactionKind;
  amount: Int;
  balance_after: Int | null;
  metadata: Metadata;
  created_at: Int;
  older: boolean;
}

/** One row of the refund report. */
export interface RefundReportDbRow {
  key: string;
  refunds: Int;
  refunded: Int;
}

/** One account's audit totals. */
export interface AuditRow {
  id: string;
  type: AccountType;
  balance: Int;
  held: Int;
  posted: Int;
  open: Int;
}

/** Maps an {@link AccountRow} to the domain's account. */
export function toAccount(row: AccountRow): Account {
  const balance = Number(row.balance);
  const held = Number(row.held);
  return {
    id: row.id,
    type: row.type,
    currency: row.currency,
    frozen: row.frozen,
    balance,
    held,
    available: balance - held,
    createdAt: Number(row.created_at),
  };
}

/** Maps a {@link TransactionRow} to the domain's transaction. */
export function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    kind: row.kind,
    currency: row.currency,
    postings: row.postings,
    metadata: row.metadata,
    holdId: row.hold_id,
    refundOf: row.refund_of,
    createdAt: Number(row.created_at),
  };
}

/** Maps a {@link HoldRow} to the domain's hold. */
export function toHold(row: HoldRow): Hold {
  return {
    id: row.id,
    accountId: row.account_id,
    amount: Number(row.amount),
    status: row.status,
    capturedAmount: Number(row.captured_amount),
    captureTransactionId: row.capture_transaction_id,
    expiresAt: Number(row.expires_at),
    metadata: row.metadata,
    createdAt: Number(row.created_at),
  };
}

/** Maps a {@link StatementRow} to a statement line; the posting id is the cursor. */
export function toStatementEntry(row: StatementRow): StatementEntry {
  return {
    cursor: String(row.id),
    transactionId: row.transaction_id,
    kind: row.kind,
    amount: Number(row.amount),
    balanceAfter: row.balance_after === null ? null : Number(row.balance_after),
    metadata: row.metadata,
    createdAt: Number(row.created_at),
  };
}

/** One row of the grouped statement query. */
export interface GroupedStatementRow {
  last_id: Int;
  group_key: string | null;
  total: Int;
  entries: Int;
  first_at: Int;
  last_at: Int;
  kinds: TransactionKind[];
  transaction_id: string;
  balance_after: Int | null;
  metadata: Metadata;
}

/** Maps a {@link GroupedStatementRow} to a row of the grouped statement; its newest posting id is its position. */
export function toPositionedGroup(row: GroupedStatementRow): PositionedGroup {
  return {
    position: Number(row.last_id),
    group: {
      key: row.group_key,
      total: Number(row.total),
      count: Number(row.entries),
      kinds: row.kinds,
      firstAt: Number(row.first_at),
      lastAt: Number(row.last_at),
      transactionId: row.transaction_id,
      metadata: row.metadata,
      balanceAfter: row.balance_after === null ? null : Number(row.balance_after),
    },
  };
}
