import { sqlState } from '@jyotishconnect/core';
import {
  accountFrozen,
  accountNotFound,
  balanceLimitExceeded,
  concurrentRefund,
  currencyMismatch,
  insufficientFunds,
  type WalletError,
} from '../../errors.js';

const RAISED = 'P0001';
const CHECK_VIOLATION = '23514';

/** A guard that `jc_wallet_reject` raised: its code (the message) and detail. */
export interface Rejection {
  readonly code: string;
  readonly detail: string;
}

/**
 * The guard failure a driver error carries, or `null` for any other error.
 * The floor CHECK only fires if a guard missed; it names no account, so the
 * caller names the one the write debits.
 */
export function rejectionOf(error: unknown, debitedAccount: string): Rejection | null {
  const state = sqlState(error);
  if (state === CHECK_VIOLATION) return { code: 'INSUFFICIENT_FUNDS', detail: debitedAccount };
  if (state !== RAISED) return null;
  const { message, detail } = error as { message?: unknown; detail?: unknown };
  return typeof message === 'string' ? { code: message, detail: typeof detail === 'string' ? detail : '' } : null;
}

/**
 * The wallet error for a rejection of a write touching `accountIds`, or `null`
 * when the code needs a lookup (a hold's status) or is not a wallet guard.
 */
export function walletErrorOf(rejection: Rejection, accountIds: readonly string[]): WalletError | null {
  switch (rejection.code) {
    case 'ACCOUNT_NOT_FOUND':
      return accountNotFound(rejection.detail);
    case 'ACCOUNT_FROZEN':
      return accountFrozen(rejection.detail);
    case 'CURRENCY_MISMATCH':
      return currencyMismatch(accountIds);
    case 'CONCURRENT_MODIFICATION':
      return concurrentRefund(rejection.detail);
    case 'INSUFFICIENT_FUNDS':
      return insufficientFunds(rejection.detail);
    case 'BALANCE_LIMIT_EXCEEDED':
      return balanceLimitExceeded(rejection.detail);
    default:
      return null;
  }
}
