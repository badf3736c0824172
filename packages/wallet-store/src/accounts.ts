import { accountFrozen, accountNotFound, currencyMismatch } from './errors.js';
import type { AccountType, Posting } from './types.js';

/** What the posting guards read of a stored account, whatever its storage shape. */
export interface GuardedAccount {
  readonly frozen: boolean;
  readonly currency: string;
}

/** Default ids of the platform's system accounts for one currency. */
export const SYSTEM_ACCOUNTS = {
  /** Money entering from outside (payment gateway top-ups); goes negative as money comes in. */
  funding: 'system:funding',
  /** Platform commission earned on consultations. */
  revenue: 'system:revenue',
  /** Funds promotions such as free first-consultation minutes. */
  promotions: 'system:promotions',
  /** Funds goodwill refunds that are not reversals of a charge. */
  refunds: 'system:refunds',
  /** Consultant earnings on their way out: requested payouts not yet paid or returned. */
  payouts: 'system:payouts',
} as const;

/** Account types whose available balance may never go below zero. */
export function hasZeroFloor(type: AccountType): boolean {
  return type !== 'system';
}

/**
 * How many balance rows an account is spread over. Every consultation credits
 * the same platform accounts; sharding them keeps SQL and MongoDB writers from
 * queueing on one row. Wallets keep one row so their floor is checked exactly.
 */
export function balanceShards(type: AccountType): number {
  return type === 'system' ? 8 : 1;
}

/** The account `id` if it exists and is not frozen; `ACCOUNT_NOT_FOUND` or `ACCOUNT_FROZEN` otherwise. */
export function usableAccount<A extends GuardedAccount>(account: A | null | undefined, id: string): A {
  if (!account) throw accountNotFound(id);
  if (account.frozen) throw accountFrozen(id);
  return account;
}

/**
 * The account of each posting, in order, from `accounts` by id: each must be
 * usable, and all must share the first one's currency (`CURRENCY_MISMATCH`).
 */
export function postingAccounts<A extends GuardedAccount>(
  postings: readonly Posting[],
  accounts: ReadonlyMap<string, A>,
): A[] {
  // Sized up front: `push` onto `[]` would allocate room for 17 accounts on every transaction.
  const found = new Array<A>(postings.length);
  for (let i = 0; i < postings.length; i++) {
    const { accountId } = postings[i] as Posting;
    const account = usableAccount(accounts.get(accountId), accountId);
    if (account.currency !== (found[0] ?? account).currency) {
      throw currencyMismatch(postings.map((p) => p.accountId));
    }
    found[i] = account;
  }
  return found;
}
