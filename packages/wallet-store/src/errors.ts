import { JyotishError } from '@jyotishconnect/core';

/** Every code a {@link WalletError} can carry. Stable across releases. */
export const walletErrorCodes = [
  'INVALID_INPUT',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_EXISTS',
  'ACCOUNT_FROZEN',
  'CURRENCY_MISMATCH',
  'SAME_ACCOUNT',
  'INSUFFICIENT_FUNDS',
  'BALANCE_LIMIT_EXCEEDED',
  'IDEMPOTENCY_CONFLICT',
  'HOLD_NOT_FOUND',
  'HOLD_NOT_OPEN',
  'CAPTURE_EXCEEDS_HOLD',
  'TRANSACTION_NOT_FOUND',
  'NOT_REFUNDABLE',
  'REFUND_EXCEEDS_ORIGINAL',
  'CONCURRENT_MODIFICATION',
] as const;

/** A stable wallet error code such as `INSUFFICIENT_FUNDS`. */
export type WalletErrorCode = (typeof walletErrorCodes)[number];

/** The error every wallet-store operation throws on purpose; nothing was written when it is thrown. */
export class WalletError extends JyotishError<WalletErrorCode> {}

/** Builds the `INVALID_INPUT` error for one named field. */
export function invalidInput(field: string, problem: string): WalletError {
  return new WalletError('INVALID_INPUT', `${field} ${problem}`, { details: { field } });
}

/** Builds the `INSUFFICIENT_FUNDS` error for an account. */
export function insufficientFunds(accountId: string): WalletError {
  return new WalletError('INSUFFICIENT_FUNDS', `account ${accountId} has insufficient available funds`, {
    details: { accountId },
  });
}

/** Builds the `BALANCE_LIMIT_EXCEEDED` error: a credit would take a wallet above its ceiling. */
export function balanceLimitExceeded(accountId: string): WalletError {
  return new WalletError('BALANCE_LIMIT_EXCEEDED', `account ${accountId} would exceed its balance ceiling`, {
    details: { accountId },
  });
}

/** Builds the `ACCOUNT_NOT_FOUND` error. */
export function accountNotFound(accountId: string): WalletError {
  return new WalletError('ACCOUNT_NOT_FOUND', `account ${accountId} does not exist`, { details: { accountId } });
}

/** Builds the `ACCOUNT_FROZEN` error. */
export function accountFrozen(accountId: string): WalletError {
  return new WalletError('ACCOUNT_FROZEN', `account ${accountId} is frozen`, { details: { accountId } });
}

/** Builds the `CURRENCY_MISMATCH` error for postings across currencies. */
export function currencyMismatch(accountIds: readonly string[]): WalletError {
  return new WalletError('CURRENCY_MISMATCH', 'all accounts of a transaction must share one currency', {
    details: { accountIds },
  });
}

/** Builds the `HOLD_NOT_OPEN` error for a hold already captured, released or expired. */
export function holdNotOpen(holdId: string, status: string): WalletError {
  return new WalletError('HOLD_NOT_OPEN', `hold ${holdId} is ${status}, not open`, { details: { holdId, status } });
}

/** Builds the `REFUND_EXCEEDS_ORIGINAL` error for one transaction, or for several refunded together. */
export function refundExceedsOriginal(transactionId: string | readonly string[], refundable: number): WalletError {
  const ids = typeof transactionId === 'string' ? [transactionId] : transactionId;
  if (ids.length === 1) {
    return new WalletError(
      'REFUND_EXCEEDS_ORIGINAL',
      `transaction ${ids[0]} has only ${refundable} paise left to refund`,
      { details: { transactionId: ids[0], refundable } },
    );
  }
  return new WalletError(
    'REFUND_EXCEEDS_ORIGINAL',
    `the ${ids.length} transactions from ${ids[0]} have only ${refundable} paise left to refund`,
    { details: { transactionIds: [...ids], refundable } },
  );
}

/** Builds the `IDEMPOTENCY_CONFLICT` error: an id was reused with a different body. */
export function idempotencyConflict(kind: string, id: string): WalletError {
  return new WalletError('IDEMPOTENCY_CONFLICT', `${kind} ${id} was already used with a different request`, {
    details: { id, kind },
  });
}

/** Builds the `HOLD_NOT_FOUND` error. */
export function holdNotFound(holdId: string): WalletError {
  return new WalletError('HOLD_NOT_FOUND', `hold ${holdId} does not exist`, { details: { holdId } });
}

/** Builds the `CONCURRENT_MODIFICATION` error: another refund of this transaction committed first. */
export function concurrentRefund(transactionId: string): WalletError {
  return new WalletError('CONCURRENT_MODIFICATION', `another refund of ${transactionId} committed first`, {
    details: { transactionId },
  });
}

/** `TRANSACTION_NOT_FOUND`: no transaction has this id. */
export function transactionNotFound(id: string): WalletError {
  return new WalletError('TRANSACTION_NOT_FOUND', `transaction ${id} does not exist`, {
    details: { transactionId: id },
  });
}

/**
 * The errors a `WalletStore` adapter's guards throw, built the way the
 * bundled adapters build them (same codes, messages and details), for
 * authors of custom adapters.
 */
export const walletStoreErrors = {
  /** `ACCOUNT_FROZEN`: the account refuses debits. */
  accountFrozen,
  /** `ACCOUNT_NOT_FOUND`: no account has this id. */
  accountNotFound,
  /** `BALANCE_LIMIT_EXCEEDED`: a credit would pass the account's ceiling. */
  balanceLimitExceeded,
  /** `CONCURRENT_MODIFICATION`: another refund of the transaction committed first. */
  concurrentRefund,
  /** `CURRENCY_MISMATCH`: postings span more than one currency. */
  currencyMismatch,
  /** `HOLD_NOT_FOUND`: no hold has this id. */
  holdNotFound,
  /** `HOLD_NOT_OPEN`: the hold was already captured, released or expired. */
  holdNotOpen,
  /** `INSUFFICIENT_FUNDS`: the available balance does not cover the debit. */
  insufficientFunds,
} as const;
