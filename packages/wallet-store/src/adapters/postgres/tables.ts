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
  /** `jc_wallet_capture(…)`: a capture whose postings come from its hold as it stands. */
  readonly capture: string;
  /** `jc_wallet_release(hold, now)`: releases an open hold, or reports it as it is. */
  readonly release: string;
  /** `jc_wallet_apply(write)`: one batched write, as its one-by-one statement does it. */
  readonly apply: string;
  /** `jc_wallet_commit_many(writes)`: a batch; movements, captures and placements decided in memory, other writes each in a subtransaction. */
  readonly commitMany: string;
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
    capture: `${s}.jc_wallet_capture`,
    release: `${s}.jc_wallet_release`,
    apply: `${s}.jc_wallet_apply`,
    commitMany: `${s}.jc_wallet_commit_many`,
  };
}
