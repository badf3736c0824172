import { hasZeroFloor } from '../../accounts.js';
import type { NewAccount } from '../../store.js';
import type { Account } from '../../types.js';
import type { CellArena } from './cell-arena.js';
import type { LedgerAccount } from './ledger.js';
import { StatementLines } from './statement-lines.js';

// An account's balance moves on every write, and system accounts' balances soon leave V8's small
// integers: the field then held a boxed number in every account, and with the creation time's
// box that made two of the heap objects each of 300,000 accounts cost a major collection. The
// three numbers live in one typed array of the store's, by account index, instead.

/**
 * An account's open holds, by position in the store's `HoldTable`,
 * replaced (never mutated) as they change: `null` for none, the position
 * itself for one (an account with a running consultation has exactly one, its
 * open interval's), an array of exactly the length for more. A number costs
 * the heap nothing; a one-element array cost each running session 56 bytes,
 * and a new array on every tick.
 */
export type OpenHolds = number | readonly number[] | null;

/** Cells per account in {@link AccountTotals}: balance, held, creation time. */
const STRIDE = 3;

/** The live totals of every account of a store, by account index, outside the collected heap. */
export class AccountTotals {
  /** Read through by every account, so it can be replaced by a larger copy. */
  cells = new Float64Array(STRIDE * 64);

  /** Makes room for the account at `index`. */
  reserve(index: number): void {
    if ((index + 1) * STRIDE <= this.cells.length) return;
    const grown = new Float64Array(this.cells.length * 2);
    grown.set(this.cells);
    this.cells = grown;
  }
}

/** An account as the memory store keeps it: live totals, its open holds and its statement lines. */
export class AccountState implements LedgerAccount {
  readonly id: string;
  readonly type: Account['type'];
  readonly currency: string;
  readonly index: number;
  readonly floored: boolean;
  frozen = false;
  /** Its open holds (see {@link OpenHolds}). */
  openHolds: OpenHolds = null;
  readonly lines: StatementLines;
  readonly #totals: AccountTotals;

  /**
   * A newly created account at `index` in the store's account list, its totals in `totals` and
   * its lines' cells from `arena`. Wallets report the balance after each line; system accounts do
   * not, as on PostgreSQL, where they are sharded.
   */
  constructor(account: NewAccount, index: number, totals: AccountTotals, arena: CellArena) {
    this.id = account.id;
    this.type = account.type;
    this.currency = account.currency;
    this.index = index;
    this.floored = hasZeroFloor(account.type);
    this.lines = new StatementLines(this.floored, arena);
    this.#totals = totals;
    totals.reserve(index);
    totals.cells[index * STRIDE + 2] = account.createdAt;
  }

  get balance(): number {
    return this.#totals.cells[this.index * STRIDE] as number;
  }

  set balance(value: number) {
    this.#totals.cells[this.index * STRIDE] = value;
  }

  /** Sum of the holds stored as open, expired or not. */
  get held(): number {
    return this.#totals.cells[this.index * STRIDE + 1] as number;
  }

  set held(value: number) {
    this.#totals.cells[this.index * STRIDE + 1] = value;
  }

  get createdAt(): number {
    return this.#totals.cells[this.index * STRIDE + 2] as number;
  }
}
