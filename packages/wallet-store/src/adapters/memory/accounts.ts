import { hasZeroFloor } from '../../accounts.js';
import type { NewAccount } from '../../store.js';
import type { Account, Hold } from '../../types.js';
import type { CellSource } from './cell-arena.js';
import { type LedgerAccount, StatementLines } from './ledger.js';

/** An account as the memory store keeps it: live totals, its open holds and its statement lines. */
export interface AccountState extends LedgerAccount {
  readonly type: Account['type'];
  readonly createdAt: number;
  readonly floored: boolean;
  frozen: boolean;
  balance: number;
  /** Sum of the holds stored as open, expired or not. */
  held: number;
  /**
   * Those open holds, replaced (never mutated) as they change: an account
   * mostly has none or one, so an array of exactly that length costs less
   * than a growable one, and every account without holds shares {@link NO_HOLDS}.
   */
  openHolds: readonly Hold[];
  readonly lines: StatementLines;
}

/** The open holds of an account that has none. */
export const NO_HOLDS: readonly Hold[] = Object.freeze([]);

/** The state of a newly created account, at `index` in the store's account list, its lines' cells from `take`. */
export function newAccountState(account: NewAccount, index: number, take: CellSource): AccountState {
  const floored = hasZeroFloor(account.type);
  // Every field is spelled out rather than spread from `account`: V8 gave each
  // object cloned by a spread its own hidden class, which made every account
  // read in `commit` a megamorphic lookup (the bench's transfers/s rose by half without it).
  // Wallets report the balance after each line; system accounts do not, as on PostgreSQL, where they are sharded.
  return {
    id: account.id,
    type: account.type,
    currency: account.currency,
    createdAt: account.createdAt,
    index,
    floored,
    frozen: false,
    balance: 0,
    held: 0,
    openHolds: NO_HOLDS,
    lines: new StatementLines(floored, take),
  };
}

/** What the account's open holds reserve at `now`: an expired hold reserves nothing, swept or not. */
export function unexpiredHeld(account: AccountState, now: number): number {
  let held = account.held;
  for (const hold of account.openHolds) if (hold.expiresAt <= now) held -= hold.amount;
  return held;
}

/** The account as the port returns it at `now`. */
export function accountView(state: AccountState, now: number): Account {
  const held = unexpiredHeld(state, now);
  return {
    id: state.id,
    type: state.type,
    currency: state.currency,
    frozen: state.frozen,
    balance: state.balance,
    held,
    available: state.balance - held,
    createdAt: state.createdAt,
  };
}
