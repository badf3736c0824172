/** Who owns an account: a paying user, a paid consultant, or the platform's books. */
export type AccountType = 'user' | 'consultant' | 'system';

/** Small, flat, JSON-safe facts attached to a transaction (session id, interval, order id…). */
export type Metadata = Readonly<Record<string, string | number | boolean | null>>;

/** An account with its current balances, all in integer paise. */
export interface Account {
  /** Caller-chosen, unique id. */
  readonly id: string;
  /** Owner kind; only `system` accounts may go below zero. */
  readonly type: AccountType;
  /** ISO 4217 code; every posting of a transaction shares it. */
  readonly currency: string;
  /** A frozen account takes part in no new transaction or hold. */
  readonly frozen: boolean;
  /** Sum of all postings. */
  readonly balance: number;
  /** Sum of open holds. */
  readonly held: number;
  /** `balance - held`: what a debit or a new hold may use. */
  readonly available: number;
  /** Creation time, epoch milliseconds. */
  readonly createdAt: number;
}

/** One leg of a transaction: positive credits the account, negative debits it. */
export interface Posting {
  /** The account moved. */
  readonly accountId: string;
  /** Signed amount in paise. */
  readonly amount: number;
}

/** What a transaction was created by. */
export type TransactionKind = 'topup' | 'transfer' | 'split' | 'refund';

/** A committed, immutable set of postings that sum to zero. */
export interface Transaction {
  /** Caller-chosen idempotency key. */
  readonly id: string;
  /** The call that created it. */
  readonly kind: TransactionKind;
  /** Currency of every posting. */
  readonly currency: string;
  /** The legs; they sum to zero. */
  readonly postings: readonly Posting[];
  /** Caller facts, echoed into statements. */
  readonly metadata: Metadata;
  /** The hold this transaction captured, if any. */
  readonly holdId: string | null;
  /** The transaction this one refunds, if it is a refund. */
  readonly refundOf: string | null;
  /** Commit time, epoch milliseconds. */
  readonly createdAt: number;
}

/** Lifecycle of a hold; it leaves `open` at most once. */
export type HoldStatus = 'open' | 'captured' | 'released' | 'expired';

/** Funds reserved on an account, to be captured, released, or left to expire. */
export interface Hold {
  /** Caller-chosen idempotency key. */
  readonly id: string;
  /** The account whose available balance the hold reduces. */
  readonly accountId: string;
  /** Reserved paise. */
  readonly amount: number;
  /** Current status. */
  readonly status: HoldStatus;
  /** Paise captured (0 unless captured). */
  readonly capturedAmount: number;
  /** The capturing transaction, once captured. */
  readonly captureTransactionId: string | null;
  /** After this instant (epoch ms) the hold no longer reserves anything. */
  readonly expiresAt: number;
  /** Caller facts. */
  readonly metadata: Metadata;
  /** Creation time, epoch milliseconds. */
  readonly createdAt: number;
}

/** One line of an account statement. */
export interface StatementEntry {
  /** Opaque position; pass it as `cursor` to read older entries. */
  readonly cursor: string;
  /** The transaction that moved the account. */
  readonly transactionId: string;
  /** Its kind. */
  readonly kind: TransactionKind;
  /** Signed paise applied to this account. */
  readonly amount: number;
  /** Balance right after this entry for user and consultant wallets; `null` for system accounts, whose balance is sharded. */
  readonly balanceAfter: number | null;
  /** The transaction's metadata. */
  readonly metadata: Metadata;
  /** Commit time, epoch milliseconds. */
  readonly createdAt: number;
}

/** A page of a statement, newest first. */
export interface StatementPage {
  /** Entries, newest first. */
  readonly entries: readonly StatementEntry[];
  /** Pass as `cursor` for the next (older) page; `null` at the end. */
  readonly nextCursor: string | null;
}

/** The result of {@link Wallet.verify}: the books recomputed from postings. */
export interface VerifyReport {
  /** True when no problem was found. */
  readonly ok: boolean;
  /** Sum of every account balance; always 0 in balanced books. */
  readonly total: number;
  /** Number of accounts checked. */
  readonly accounts: number;
  /** Human-readable descriptions of every inconsistency. */
  readonly problems: readonly string[];
}

/** One row of a grouped statement: a group of entries, or one entry on its own. */
export interface StatementGroup {
  /** The group's value of the `groupBy` field; `null` for an entry that is a row of its own. */
  readonly key: string | null;
  /** Signed paise: the sum of the entries' amounts. */
  readonly total: number;
  /** How many entries the row stands for. */
  readonly count: number;
  /** The kinds of its entries, each once, in alphabetical order. */
  readonly kinds: readonly TransactionKind[];
  /** Commit time of its oldest entry, epoch ms. */
  readonly firstAt: number;
  /** Commit time of its newest entry, epoch ms. */
  readonly lastAt: number;
  /** The newest entry's transaction. */
  readonly transactionId: string;
  /** The newest entry's metadata. */
  readonly metadata: Metadata;
  /** The balance right after the newest entry (wallets only; `null` for system accounts). */
  readonly balanceAfter: number | null;
}

/** A page of a grouped statement, newest row first (rows ordered by their newest entry). */
export interface GroupedStatementPage {
  /** Rows, newest first. */
  readonly rows: readonly StatementGroup[];
  /** Pass as `cursor` for the next (older) page; `null` at the end. */
  readonly nextCursor: string | null;
}

/** One row of a refund report: the refunds of one day or one value, summed. */
export interface RefundReportRow {
  /** The day as `YYYY-MM-DD` in the report's time zone, or the field's value. */
  readonly key: string;
  /** How many refund transactions. */
  readonly refunds: number;
  /** Paise given back: each refund's credits (the sum of its positive postings). */
  readonly refunded: number;
}

/** How a split charge names the platform's part: basis points of the amount, or paise. */
export type CommissionSpec = { readonly commissionBps: number } | { readonly commission: number };
