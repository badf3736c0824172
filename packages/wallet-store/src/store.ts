import type { WalletError } from './errors.js';
import type {
  Account,
  AccountType,
  CommissionSpec,
  Hold,
  Metadata,
  RefundReportRow,
  StatementGroup,
  StatementPage,
  Transaction,
} from './types.js';

/** A new account as the domain asks the store to create it. */
export interface NewAccount {
  readonly id: string;
  readonly type: AccountType;
  readonly currency: string;
  readonly createdAt: number;
}

/** The request a write was made with, kept so a replay can be compared with it. */
export type StoredRequest = Readonly<Record<string, unknown>>;

/**
 * An atomic ledger write: insert the transaction, apply its postings, and
 * optionally resolve a hold or count a refund, all or nothing. Open holds of
 * its accounts that expired by `transaction.createdAt` are closed as
 * `expired` in the same write (expiry on touch), so no reservation outlives
 * its expiry in storage any longer than until the account's next write.
 */
export interface LedgerEntry {
  /** The transaction to insert; its id is the idempotency key, its `createdAt` the instant of the write. */
  readonly transaction: Omit<Transaction, 'currency'>;
  /** The caller's request, stored for idempotent replays. */
  readonly request: StoredRequest;
  /**
   * A non-negative integer; sharded accounts take the posting on shard `slot % shards`. Every write of
   * one {@link WalletStore.commitBatch} carries the same slot, and consecutive calls the next ones.
   */
  readonly slot: number;
  /** A credit that would take a user or consultant wallet above this is `BALANCE_LIMIT_EXCEEDED`. */
  readonly maxBalance: number;
  /** Captures this open hold, unexpired at `createdAt` (its reservation is dropped as the postings apply). */
  readonly captureHold?: { readonly holdId: string };
  /**
   * For a refund: adds each `amount` to the refunded total of its distinct
   * `transactionId`, only if every such total is still its `expectedRefunded`
   * (otherwise `CONCURRENT_MODIFICATION` naming the first that moved, and nothing is written).
   */
  readonly refunds?: readonly RefundPart[];
}

/** The part of one original transaction a refund takes back, guarded by compare-and-set on its refunded total. */
export interface RefundPart {
  readonly transactionId: string;
  readonly amount: number;
  readonly expectedRefunded: number;
}

/** Outcome of an idempotent insert: the new record, or the one stored earlier under the same id. */
export type WriteOutcome<T> =
  | { readonly status: 'created'; readonly record: T }
  | { readonly status: 'duplicate'; readonly record: T; readonly request: StoredRequest };

/** A transaction as stored, with the request that created it. */
export interface StoredTransaction {
  readonly transaction: Transaction;
  readonly request: StoredRequest;
}

/** A hold as stored, with the request that placed it. */
export interface StoredHold {
  readonly hold: Hold;
  readonly request: StoredRequest;
}

/** Totals the store reports so the domain can verify the books. */
export interface AccountAudit {
  readonly id: string;
  readonly type: AccountType;
  /** The stored balance (sum of shards). */
  readonly balance: number;
  /** The stored reservation. */
  readonly held: number;
  /** Sum of every posting on the account. */
  readonly postedBalance: number;
  /** Sum of the account's holds stored as open, expired or not (what `held` must equal). */
  readonly openHolds: number;
}

/** Outcome of {@link WalletStore.releaseHold}: the hold as stored afterwards, and whether this call released it. */
export interface HoldRelease {
  readonly hold: Hold;
  /** False when the hold was no longer open and unexpired: it is returned as stored. */
  readonly released: boolean;
}

/** A checked `CaptureHoldInput`; `amount` null means the whole hold, `commission` null a plain transfer. */
export interface Capture {
  readonly id: string;
  readonly holdId: string;
  readonly to: string;
  readonly platform: string;
  readonly commission: CommissionSpec | null;
  readonly amount: number | null;
  readonly metadata: Metadata;
  readonly request: StoredRequest;
}

/** A checked capture of a batch: the store finds the hold and builds the postings with `captureEntry` (`batch-writes.ts`). */
export interface CaptureWrite {
  readonly type: 'capture';
  /** The checked capture request. */
  readonly capture: Capture;
  /** The instant of the write: the hold must be open and unexpired at it. */
  readonly createdAt: number;
  /** As {@link LedgerEntry.slot}. */
  readonly slot: number;
  /** As {@link LedgerEntry.maxBalance}. */
  readonly maxBalance: number;
}

/**
 * One write of {@link WalletStore.commitBatch}, checked by the domain: what
 * `commit`, `placeHold`, `releaseHold` and `voidHold` take, and a capture the
 * store resolves against the hold as it stands when its turn comes (so a
 * capture may take a hold placed earlier in the same batch).
 */
export type BatchWrite =
  | { readonly type: 'commit'; readonly entry: LedgerEntry }
  | CaptureWrite
  /** A hold whose `expiresAt <= createdAt` is never inserted: the outcome is the stored hold of its id (a duplicate) or `null`. */
  | { readonly type: 'placeHold'; readonly hold: Hold; readonly request: StoredRequest }
  | { readonly type: 'releaseHold'; readonly holdId: string; readonly now: number }
  /** Releases the hold `hold.id` if it exists (a `release` outcome), otherwise inserts `hold` as its void record (a `hold` outcome). */
  | { readonly type: 'voidHold'; readonly hold: Hold; readonly request: StoredRequest };

/** The outcome of one {@link BatchWrite}: what the one-by-one method returns, or the guard error it throws. */
export type BatchOutcome =
  | { readonly error: WalletError }
  | { readonly transaction: WriteOutcome<Transaction> }
  | { readonly hold: WriteOutcome<Hold> | null }
  | { readonly release: HoldRelease | null };

/** Query of one statement page. */
export interface StatementQuery {
  readonly limit: number;
  readonly cursor: string | null;
  readonly from: number | null;
  readonly to: number | null;
}

/** A checked grouped-statement query, as the store receives it. */
export interface GroupedStatementQuery {
  readonly limit: number;
  readonly groupBy: string;
  readonly from: number | null;
  readonly to: number | null;
  /** Rows whose newest entry is below this position; `null` on the first page. */
  readonly before: number | null;
  /** Only entries at or below this position count: the newest entry when the first page was read; `null` on the first page. */
  readonly upTo: number | null;
}

/** How a refund report's rows are keyed: the day the refund was made on, or the value of the metadata field. */
export type RefundReportGroupBy = 'day' | 'field';

/** A checked refund report query, as a store receives it. */
export interface RefundReportQuery {
  /** The metadata field, a plain name (letters, digits, `_`). */
  readonly field: string;
  /** How rows are keyed. */
  readonly groupBy: RefundReportGroupBy;
  /** Lower bound of `createdAt` (inclusive); `null`: none. */
  readonly from: number | null;
  /** Upper bound of `createdAt` (exclusive); `null`: none. */
  readonly to: number | null;
  /** The time zone of the days. */
  readonly timeZone: string;
  /** The values `field` must have; `null`: any string. */
  readonly values: readonly string[] | null;
}

/** A row as an adapter reads it: the group and the position of its newest entry. */
export interface PositionedGroup {
  readonly group: StatementGroup;
  /** Position of the newest entry (the statement cursor of that entry). */
  readonly position: number;
}

/**
 * The storage port of wallet-store: the smallest set of atomic operations the
 * domain needs. Adapters translate these to storage calls and enforce, in the
 * same atomic write, the guards that concurrent callers could otherwise race:
 * unknown or frozen accounts, mixed currencies, wallets below zero or above
 * their ceiling, a hold resolved twice, and refunds beyond the original.
 *
 * Guard failures throw the `WalletError` built by the helpers in `errors.ts`.
 */
export interface WalletStore {
  /** Creates an account, or returns the one already stored under that id. */
  createAccount(account: NewAccount): Promise<WriteOutcome<Account>>;
  /** Reads an account; `held` counts only holds still open and unexpired at `now`. `null` when unknown. */
  getAccount(id: string, now: number): Promise<Account | null>;
  /** Reads accounts as {@link WalletStore.getAccount} does, in one step: one result per id, in order, `null` when unknown. */
  getAccounts(ids: readonly string[], now: number): Promise<(Account | null)[]>;
  /** Freezes or unfreezes an account and reads it as {@link WalletStore.getAccount} does; `null` when unknown. */
  setFrozen(id: string, frozen: boolean, now: number): Promise<Account | null>;
  /** Applies a ledger entry atomically; a duplicate id writes nothing and returns the stored one. */
  commit(entry: LedgerEntry): Promise<WriteOutcome<Transaction>>;
  /**
   * Optional, for a store in process memory: {@link WalletStore.commit} done
   * before it returns, its outcome returned as is (a guard failure throws).
   * The wallet then commits without waiting a promise on the store. SQL
   * and MongoDB stores leave it out.
   */
  commitNow?(entry: LedgerEntry): WriteOutcome<Transaction>;
  /**
   * Applies `writes` in order, each exactly as its one-by-one method would and
   * atomically on its own: a write that fails changes nothing, its outcome
   * carries the error, and the writes after it still run and see every write
   * before it. One step: one statement on PostgreSQL, one transaction on
   * MongoDB, one synchronous pass in memory.
   */
  commitBatch(writes: readonly BatchWrite[]): Promise<BatchOutcome[]>;
  /**
   * Reserves funds; a duplicate id writes nothing and returns the stored hold,
   * before any guard runs. Open holds of the account that expired by
   * `hold.createdAt` are closed as `expired` in the same write.
   */
  placeHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>>;
  /**
   * Moves a hold open and unexpired at `now` to `released` and drops its
   * reservation; any other hold is left as it is. `null` when it does not exist.
   */
  releaseHold(holdId: string, now: number): Promise<HoldRelease | null>;
  /**
   * Records a hold that never reserved anything (`released`, 0 paise) unless
   * its id exists; a duplicate id writes nothing and returns the stored hold.
   */
  voidHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>>;
  /** Closes open holds whose `expiresAt <= now` as `expired` (on one account, or all); returns how many. */
  expireHolds(now: number, accountId?: string): Promise<number>;
  /** Reads one transaction with the request it was created by. */
  getTransaction(id: string): Promise<StoredTransaction | null>;
  /** Reads one hold as stored, with its request (an open hold past its expiry is still `open` here until closed). */
  getHold(id: string): Promise<StoredHold | null>;
  /** Paise already refunded from a transaction. */
  refundedAmount(transactionId: string): Promise<number>;
  /** One page of an account's postings, newest first. */
  statement(accountId: string, query: StatementQuery): Promise<StatementPage>;
  /**
   * An account's entries inside the query's window (and at or below `upTo`)
   * folded as `groupEntries` in `statement-groups.ts` folds them, rows whose
   * newest entry is below `before`, newest first: at most `limit + 1` rows
   * (the extra one says more follow). One query per call.
   */
  groupedStatement(accountId: string, query: GroupedStatementQuery): Promise<PositionedGroup[]>;
  /**
   * Refund transactions summed by day or by a metadata field's value, as
   * `refundReportOf` in `refund-report.ts` sums them; rows in ascending key
   * order (code-unit order). One query per call.
   */
  refundReport(query: RefundReportQuery): Promise<RefundReportRow[]>;
  /** Per-account totals for `Wallet.verify()`. */
  audit(): Promise<AccountAudit[]>;
}
