import type { AccountAudit } from '../../store.js';
import type { Account } from '../../types.js';
import type { AccountState, OpenHolds } from './account-state.js';
import type { HoldTable } from './hold-table.js';

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
