import { hasZeroFloor } from '../../accounts.js';
import {
  accountFrozen,
  accountNotFound,
  balanceLimitExceeded,
  concurrentRefund,
  currencyMismatch,
  holdNotFound,
  holdNotOpen,
  insufficientFunds,
} from '../../errors.js';
import { effectiveStatus } from '../../holds.js';
import type {
  AccountAudit,
  HoldRelease,
  LedgerEntry,
  NewAccount,
  RefundPart,
  StatementQuery,
  StoredHold,
  StoredRequest,
  StoredTransaction,
  WalletStore,
  WriteOutcome,
} from '../../store.js';
import type { Account, Hold, Posting, StatementEntry, StatementPage, Transaction } from '../../types.js';
import { type LedgerAccount, StatementLines, TransactionLog } from './ledger.js';

interface AccountState extends LedgerAccount {
  readonly type: Account['type'];
  readonly createdAt: number;
  readonly floored: boolean;
  frozen: boolean;
  balance: number;
  /** Sum of the holds stored as open, expired or not. */
  held: number;
  /** Those open holds; `null` until the account's first hold. */
  openHolds: HoldState[] | null;
  readonly lines: StatementLines;
}

interface HoldState {
  hold: Hold;
  readonly request: StoredRequest;
}

/**
 * A {@link WalletStore} in process memory: the fastest adapter, for tests,
 * users' CI and benchmarks. Not durable. Every method body runs without an
 * `await` between its checks and its writes, so each is atomic.
 */
export class MemoryWalletStore implements WalletStore {
  readonly #accounts = new Map<string, AccountState>();
  /** The same accounts by index, which is how the log refers to them. */
  readonly #accountList: AccountState[] = [];
  readonly #log = new TransactionLog(this.#accountList);
  readonly #holds = new Map<string, HoldState>();
  #sequence = 0;

  async createAccount(account: NewAccount): Promise<WriteOutcome<Account>> {
    const existing = this.#accounts.get(account.id);
    if (existing) return { status: 'duplicate', record: view(existing, account.createdAt), request: {} };
    const floored = hasZeroFloor(account.type);
    // Every field is spelled out rather than spread from `account`: V8 gave each
    // object cloned by a spread its own hidden class, which made every account
    // read in `commit` a megamorphic lookup (the bench's transfers/s rose by half without it).
    // Wallets report the balance after each line; system accounts do not, as on PostgreSQL, where they are sharded.
    const state: AccountState = {
      id: account.id,
      type: account.type,
      currency: account.currency,
      createdAt: account.createdAt,
      index: this.#accountList.length,
      floored,
      frozen: false,
      balance: 0,
      held: 0,
      openHolds: null,
      lines: new StatementLines(floored),
    };
    this.#accounts.set(account.id, state);
    this.#accountList.push(state);
    return { status: 'created', record: view(state, account.createdAt) };
  }

  async getAccount(id: string, now: number): Promise<Account | null> {
    const state = this.#accounts.get(id);
    return state ? view(state, now) : null;
  }

  async setFrozen(id: string, frozen: boolean, now: number): Promise<Account | null> {
    const state = this.#accounts.get(id);
    if (!state) return null;
    state.frozen = frozen;
    return view(state, now);
  }

  async commit(entry: LedgerEntry): Promise<WriteOutcome<Transaction>> {
    const { transaction: draft, captureHold, refunds } = entry;
    const previous = this.#log.positionOf(draft.id);
    if (previous !== undefined) {
      return { status: 'duplicate', record: this.#log.transactionAt(previous), request: this.#log.requestAt(previous) };
    }
    const { postings } = draft;
    const now = draft.createdAt;
    const accounts = this.#postingAccounts(postings);
    const capturedHold = captureHold && this.#openHold(captureHold.holdId, now);
    const originals = refunds ? this.#refundedOriginals(refunds) : [];
    for (let i = 0; i < postings.length; i++) {
      const account = accounts[i] as AccountState;
      if (!account.floored) continue;
      const amount = (postings[i] as Posting).amount;
      if (amount > 0) {
        if (account.balance + amount > entry.maxBalance) throw balanceLimitExceeded(account.id);
        continue;
      }
      const released = capturedHold?.hold.accountId === account.id ? capturedHold.hold.amount : 0;
      if (account.balance + amount - unexpiredHeld(account, now) + released < 0) throw insufficientFunds(account.id);
    }

    const transaction: Transaction = {
      id: draft.id,
      kind: draft.kind,
      currency: (accounts[0] as AccountState).currency,
      postings,
      metadata: draft.metadata,
      holdId: draft.holdId,
      refundOf: draft.refundOf,
      createdAt: draft.createdAt,
    };
    const position = this.#log.append(transaction, entry.request, accounts);
    for (let i = 0; i < postings.length; i++) {
      const account = accounts[i] as AccountState;
      const amount = (postings[i] as Posting).amount;
      account.balance += amount;
      account.lines.push(++this.#sequence, position, amount, account.balance);
    }
    if (capturedHold) this.#capture(capturedHold, transaction);
    for (const account of accounts) if (account.openHolds !== null) this.#sweep(account, now);
    refunds?.forEach((part, index) => {
      this.#log.addRefunded(originals[index] as number, part.amount);
    });
    return { status: 'created', record: transaction };
  }

  async placeHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    const previous = this.#holds.get(hold.id);
    if (previous) return { status: 'duplicate', record: previous.hold, request: previous.request };
    const account = this.#accounts.get(hold.accountId);
    if (!account) throw accountNotFound(hold.accountId);
    if (account.frozen) throw accountFrozen(account.id);
    const now = hold.createdAt;
    if (account.floored && account.balance - unexpiredHeld(account, now) - hold.amount < 0) {
      throw insufficientFunds(account.id);
    }
    this.#sweep(account, now);
    const state: HoldState = { hold, request };
    account.held += hold.amount;
    account.openHolds ??= [];
    account.openHolds.push(state);
    this.#holds.set(hold.id, state);
    return { status: 'created', record: hold };
  }

  async voidHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    const previous = this.#holds.get(hold.id);
    if (previous) return { status: 'duplicate', record: previous.hold, request: previous.request };
    this.#holds.set(hold.id, { hold, request });
    return { status: 'created', record: hold };
  }

  async releaseHold(holdId: string, now: number): Promise<HoldRelease | null> {
    const state = this.#holds.get(holdId);
    if (!state) return null;
    if (state.hold.status !== 'open' || state.hold.expiresAt <= now) return { hold: state.hold, released: false };
    this.#end(state, 'released');
    return { hold: state.hold, released: true };
  }

  async expireHolds(now: number, accountId?: string): Promise<number> {
    if (accountId !== undefined) {
      const account = this.#accounts.get(accountId);
      return account ? this.#sweep(account, now) : 0;
    }
    let expired = 0;
    for (const account of this.#accountList) if (account.openHolds !== null) expired += this.#sweep(account, now);
    return expired;
  }

  async getTransaction(id: string): Promise<StoredTransaction | null> {
    const position = this.#log.positionOf(id);
    if (position === undefined) return null;
    return { transaction: this.#log.transactionAt(position), request: this.#log.requestAt(position) };
  }

  async getHold(id: string): Promise<StoredHold | null> {
    return this.#holds.get(id) ?? null;
  }

  async refundedAmount(transactionId: string): Promise<number> {
    const position = this.#log.positionOf(transactionId);
    return position === undefined ? 0 : this.#log.refundedAt(position);
  }

  async statement(accountId: string, query: StatementQuery): Promise<StatementPage> {
    const lines = this.#accounts.get(accountId)?.lines;
    if (!lines) return { entries: [], nextCursor: null };
    const entries: StatementEntry[] = [];
    let index = query.cursor === null ? lines.length - 1 : lines.lastIndexBefore(Number(query.cursor));
    for (; index >= 0 && entries.length < query.limit; index--) {
      const createdAt = lines.createdAt(index, this.#log);
      if (query.to !== null && createdAt >= query.to) continue;
      if (query.from !== null && createdAt < query.from) break; // lines are in time order
      entries.push(lines.entryAt(index, this.#log));
    }
    const more = entries.length === query.limit && index >= 0;
    return { entries, nextCursor: more ? (entries.at(-1) as StatementEntry).cursor : null };
  }

  async audit(): Promise<AccountAudit[]> {
    const openHolds = new Map<string, number>();
    for (const { hold } of this.#holds.values()) {
      if (hold.status === 'open') openHolds.set(hold.accountId, (openHolds.get(hold.accountId) ?? 0) + hold.amount);
    }
    return [...this.#accounts.values()].map((account) => ({
      id: account.id,
      type: account.type,
      balance: account.balance,
      held: account.held,
      postedBalance: account.lines.total(),
      openHolds: openHolds.get(account.id) ?? 0,
    }));
  }

  /** The account of each posting: all exist, none is frozen, and they share one currency. */
  #postingAccounts(postings: readonly Posting[]): AccountState[] {
    const accounts: AccountState[] = [];
    for (const posting of postings) {
      const account = this.#accounts.get(posting.accountId);
      if (!account) throw accountNotFound(posting.accountId);
      if (account.frozen) throw accountFrozen(account.id);
      if (account.currency !== (accounts[0] ?? account).currency) {
        throw currencyMismatch(postings.map((p) => p.accountId));
      }
      accounts.push(account);
    }
    return accounts;
  }

  /** The hold `holdId` if it is open at `now`. */
  #openHold(holdId: string, now: number): HoldState {
    const state = this.#holds.get(holdId);
    if (!state) throw holdNotFound(holdId);
    const status = effectiveStatus(state.hold, now);
    if (status !== 'open') throw holdNotOpen(holdId, status);
    return state;
  }

  /** Log positions of the refunded originals, each still at the refunded total the refund was computed from. */
  #refundedOriginals(refunds: readonly RefundPart[]): number[] {
    return refunds.map((part) => {
      const position = this.#log.positionOf(part.transactionId);
      if (position === undefined || this.#log.refundedAt(position) !== part.expectedRefunded) {
        throw concurrentRefund(part.transactionId);
      }
      return position;
    });
  }

  #capture(state: HoldState, transaction: Transaction): void {
    const hold = state.hold;
    const debit = transaction.postings.find((posting) => posting.accountId === hold.accountId);
    this.#end(state, 'captured');
    state.hold = { ...state.hold, capturedAmount: debit ? -debit.amount : 0, captureTransactionId: transaction.id };
  }

  /** Closes the account's open holds that expired by `now`; returns how many. */
  #sweep(account: AccountState, now: number): number {
    const open = account.openHolds;
    if (open === null || open.length === 0) return 0;
    const due = open.filter((state) => state.hold.expiresAt <= now);
    for (const state of due) this.#end(state, 'expired');
    return due.length;
  }

  #end(state: HoldState, status: 'captured' | 'released' | 'expired'): void {
    const account = this.#accounts.get(state.hold.accountId) as AccountState;
    account.held -= state.hold.amount;
    const open = account.openHolds as HoldState[];
    open.splice(open.indexOf(state), 1);
    state.hold = { ...state.hold, status };
  }
}

/** Creates an empty in-memory wallet store. */
export function createMemoryWalletStore(): MemoryWalletStore {
  return new MemoryWalletStore();
}

/** What the account's open holds reserve at `now`: an expired hold reserves nothing, swept or not. */
function unexpiredHeld(account: AccountState, now: number): number {
  let held = account.held;
  if (account.openHolds === null) return held;
  for (const { hold } of account.openHolds) if (hold.expiresAt <= now) held -= hold.amount;
  return held;
}

function view(state: AccountState, now: number): Account {
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
