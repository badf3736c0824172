import { hasZeroFloor } from '../../accounts.js';
import type { AccountAudit, NewAccount } from '../../store.js';
import type { Account } from '../../types.js';
import type { CellArena } from './cell-arena.js';
import type { HoldTable } from './hold-table.js';
import type { LedgerAccount } from './ledger.js';
import { StatementLines } from './statement-lines.js';

/** An account as the memory store keeps it: live totals, its open holds and its statement lines. */
export interface AccountState extends LedgerAccount {
  readonly type: Account['type'];
  readonly createdAt: number;
  readonly floored: boolean;
  frozen: boolean;
  balance: number;
  /** Sum of the holds stored as open, expired or not. */
  held: number;
  /** Those open holds (see {@link OpenHolds}). */
  openHolds: OpenHolds;
  readonly lines: StatementLines;
}

/**
 * An account's open holds, by position in the store's {@link HoldTable},
 * replaced (never mutated) as they change: `null` for none, the position
 * itself for one (an account with a running consultation has exactly one, its
 * open interval's), an array of exactly the length for more. A number costs
 * the heap nothing; a one-element array cost each running session 56 bytes,
 * and a new array on every tick.
 */
export type OpenHolds = number | readonly number[] | null;

/** No holds, as a list. */
const NO_HOLDS: readonly number[] = Object.freeze([]);

/** `open` with the hold at `position` added last. */
export function withOpenHold(open: OpenHolds, position: number): OpenHolds {
  if (open === null) return position;
  // `concat` and a literal allocate exactly the length; a spread or `push` would leave spare capacity.
  return typeof open === 'number' ? [open, position] : open.concat(position);
}

/** `open` without the hold at `position`. */
export function withoutOpenHold(open: OpenHolds, position: number): OpenHolds {
  if (open === null || typeof open === 'number') return open === position ? null : open;
  const rest = open.filter((other) => other !== position);
  if (rest.length > 1) return rest;
  return rest[0] ?? null;
}

/** The holds of `open` that expired by `now`, in placement order. */
export function expiredOpenHolds(open: OpenHolds, now: number, holds: HoldTable): readonly number[] {
  if (open === null) return NO_HOLDS;
  if (typeof open === 'number') return holds.expiresAtOf(open) <= now ? [open] : NO_HOLDS;
  return open.filter((position) => holds.expiresAtOf(position) <= now);
}

/** The state of a newly created account, at `index` in the store's account list, its lines' cells from `arena`. */
export function newAccountState(account: NewAccount, index: number, arena: CellArena): AccountState {
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
    openHolds: null,
    lines: new StatementLines(floored, arena),
  };
}

/** What the account's open holds reserve at `now`: an expired hold reserves nothing, swept or not. */
export function unexpiredHeld(account: AccountState, now: number, holds: HoldTable): number {
  const open = account.openHolds;
  if (open === null) return account.held;
  if (typeof open === 'number')
    return holds.expiresAtOf(open) <= now ? account.held - holds.amountAt(open) : account.held;
  let held = account.held;
  for (const position of open) if (holds.expiresAtOf(position) <= now) held -= holds.amountAt(position);
  return held;
}

/** The account as the port returns it at `now`. */
export function accountView(state: AccountState, now: number, holds: HoldTable): Account {
  const held = unexpiredHeld(state, now, holds);
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

/** What the audit compares for each account: stored totals against its lines and its stored open holds. */
export function auditOf(accounts: Iterable<AccountState>, holds: HoldTable): AccountAudit[] {
  const openHolds = holds.openTotals();
  return [...accounts].map((account) => ({
    id: account.id,
    type: account.type,
    balance: account.balance,
    held: account.held,
    postedBalance: account.lines.total(),
    openHolds: openHolds.get(account.id) ?? 0,
  }));
}
