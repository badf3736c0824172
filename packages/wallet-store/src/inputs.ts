import type { Clock, MetricsSink } from '@jyotishconnect/core';
import type { WalletError } from './errors.js';
import type { WalletStore } from './store.js';
import type { AccountType, Hold, Metadata, Transaction } from './types.js';

/** Events a {@link Wallet} emits after a write commits (never for replays). */
export interface WalletEvents {
  /** A transaction was committed. */
  transaction: (transaction: Transaction) => void;
  /** A hold was placed, captured or released (once each; never for a replay). */
  hold: (hold: Hold) => void;
}

/** Options of {@link createWallet}. */
export interface WalletOptions {
  /** Where the books live: memory, PostgreSQL/PGlite or MongoDB adapter. */
  store: WalletStore;
  /** Source of time for timestamps and hold expiry; defaults to the system clock. */
  clock?: Clock;
  /** Ceilings that keep every figure a safe integer; see {@link WalletLimits}. */
  limits?: Partial<WalletLimits>;
  /** Receives commits by kind, rejections by code and store call timings; nothing is measured without it. */
  metrics?: MetricsSink;
}

/**
 * Ceilings on money, so no amount or wallet balance can leave the
 * safe-integer range whatever a caller sends. Both default to 10^12 paise
 * (₹1,000 crore). System accounts are not capped: they reach 2^53 paise only
 * after ₹90 trillion has flowed through them.
 */
export interface WalletLimits {
  /** Largest amount of one transaction, hold or refund; a larger one is `INVALID_INPUT`. */
  maxAmount: number;
  /** Largest balance of a user or consultant wallet; a credit beyond it is `BALANCE_LIMIT_EXCEEDED`. */
  maxBalance: number;
}

/** Input of {@link Wallet.openAccount}. */
export interface OpenAccountInput {
  id: string;
  type: AccountType;
  /** ISO 4217 code; defaults to `INR`. */
  currency?: string;
}

/** Input of {@link Wallet.topUp}: money entering a wallet from outside. */
export interface TopUpInput {
  id: string;
  /** The wallet credited. */
  to: string;
  amount: number;
  /** The system account the money comes from; defaults to `system:funding`. */
  source?: string;
  metadata?: Metadata;
}

/** Input of {@link Wallet.transfer}. */
export interface TransferInput {
  id: string;
  from: string;
  to: string;
  amount: number;
  metadata?: Metadata;
}

/** Input of {@link Wallet.splitCharge}: the payer pays `amount`, split between payee and platform. */
export interface SplitChargeInput {
  id: string;
  /** The paying wallet. */
  from: string;
  /** The payee (consultant) wallet; receives `amount - commission`. */
  to: string;
  amount: number;
  /** Platform commission in basis points (1,200 = 12%), rounded down; give this or `commission`. */
  commissionBps?: number;
  /**
   * Platform commission in paise, from 0 to `amount`: for callers that round
   * commission on a running total (billing does, per session) rather than per charge.
   */
  commission?: number;
  /** The account receiving the commission; defaults to `system:revenue`. */
  platform?: string;
  metadata?: Metadata;
}

/** Input of {@link Wallet.placeHold}. */
export interface PlaceHoldInput {
  id: string;
  accountId: string;
  amount: number;
  /** Epoch milliseconds after which the hold stops reserving funds. */
  expiresAt: number;
  metadata?: Metadata;
}

/** Input of {@link Wallet.voidHold}. */
export interface VoidHoldInput {
  /** The hold's id, placed or not. */
  id: string;
  /** The account it would reserve on. */
  accountId: string;
}

/** Input of {@link Wallet.captureHold}: a plain debit to `to`, or a split charge when a commission is given. */
export interface CaptureHoldInput {
  /** Id of the capturing transaction. */
  id: string;
  holdId: string;
  to: string;
  /** Paise to capture, at most the hold's amount; defaults to all of it. The rest is released. */
  amount?: number;
  /** When given, the capture is a split charge with this commission in basis points. */
  commissionBps?: number;
  /** When given, the capture is a split charge with this commission in paise (see {@link SplitChargeInput.commission}). */
  commission?: number;
  /** Commission account for a split capture; defaults to `system:revenue`. */
  platform?: string;
  metadata?: Metadata;
}

/** Input of {@link Wallet.refund}. */
export interface RefundInput {
  id: string;
  /** The transaction to reverse. */
  transactionId: string;
  /** Paise to return to the payer; defaults to everything not yet refunded. */
  amount?: number;
  metadata?: Metadata;
}

/** Input of {@link Wallet.refundMany}: one refund transaction across several originals. */
export interface RefundManyInput {
  id: string;
  /** 1 to 500 distinct transactions to reverse, oldest first: the newest (last) is refunded first. */
  transactionIds: readonly string[];
  /** Paise to return in total; defaults to everything not yet refunded of all of them. */
  amount?: number;
  metadata?: Metadata;
}

/** Query of {@link Wallet.statement}. */
export interface StatementOptions {
  /** Page size, 1 to 500 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Only entries at or after this epoch-ms instant. */
  from?: number;
  /** Only entries before this epoch-ms instant. */
  to?: number;
}

/** Options of {@link Wallet.groupedStatement}. */
export interface GroupedStatementOptions {
  /** Rows per page, 1 to 500 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Metadata field whose string value groups entries (default `sessionId`): letters, digits and `_`, up to 64. */
  groupBy?: string;
  /** Only entries at or after this epoch-ms instant count. */
  from?: number;
  /** Only entries before this epoch-ms instant count. */
  to?: number;
}

/**
 * One operation of {@link Wallet.commitMany}: the input of the one-by-one
 * method named by `op`, with that method's checks, replays and errors.
 */
export type BatchOperation =
  | ({ op: 'topUp' } & TopUpInput)
  | ({ op: 'transfer' } & TransferInput)
  | ({ op: 'splitCharge' } & SplitChargeInput)
  | ({ op: 'placeHold' } & PlaceHoldInput)
  | ({ op: 'captureHold' } & CaptureHoldInput)
  | { op: 'releaseHold'; holdId: string }
  | ({ op: 'voidHold' } & VoidHoldInput);

/**
 * The result of one {@link BatchOperation}, in the position of its operation:
 * what the one-by-one method returns (a transaction for topUp, transfer,
 * splitCharge and captureHold; a hold for the rest), or the error it throws.
 */
export type BatchResult =
  | { readonly ok: true; readonly value: Transaction | Hold }
  | { readonly ok: false; readonly error: WalletError };
