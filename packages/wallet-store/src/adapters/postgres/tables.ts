import { quoteIdent } from '@jyotishconnect/core';

/** Schema-qualified names of the wallet-store tables and its guard function. */
export interface WalletTables {
  readonly accounts: string;
  readonly balances: string;
  readonly transactions: string;
  readonly postings: string;
  readonly holds: string;
  /** `jc_wallet_reject(code, detail)`: raises to abort the statement that calls it. */
  readonly reject: string;
  /** `jc_wallet_commit(…)`: the whole ledger write. */
  readonly commit: string;
  /** `jc_wallet_place_hold(…)`: the whole hold placement. */
  readonly placeHold: string;
}

/** Qualifies every wallet-store table with `schema`. */
export function walletTables(schema: string): WalletTables {
  const s = quoteIdent(schema);
  return {
    accounts: `${s}.jc_wallet_accounts`,
    balances: `${s}.jc_wallet_balances`,
    transactions: `${s}.jc_wallet_transactions`,
    postings: `${s}.jc_wallet_postings`,
    holds: `${s}.jc_wallet_holds`,
    reject: `${s}.jc_wallet_reject`,
    commit: `${s}.jc_wallet_commit`,
    placeHold: `${s}.jc_wallet_place_hold`,
  };
}
