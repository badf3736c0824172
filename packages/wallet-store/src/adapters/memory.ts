import { hasZeroFloor } from '../accounts.js';
import {
  accountFrozen,
  accountNotFound,
  concurrentRefund,
  currencyMismatch,
  holdNotFound,
  holdNotOpen,
  insufficientFunds,
} from '../errors.js';
import { effectiveStatus } from '../holds.js';
import type {
  AccountAudit,
  LedgerEntry,
  NewAccount,
  StatementQuery,
  StoredRequest,
  StoredTransaction,
  WalletStore,
  WriteOutcome,
} from '../store.js';
import type { Account, Hold, Posting, StatementEntry, StatementPage, Transaction } from '../types.js';

interface AccountState {
  readonly id: string;
  readonly type: Account['type'];
  readonly currency: string;
  readonly createdAt: number;
  readonly floored: boolean;
  frozen: boolean;
  balance: number;
  held: number;
  /** Statement lines, oldest first, kept compact: views are built on read. */
  readonly lines: StatementLine[];
}

interface StatementLine {
  readonly sequence: number;
  readonly transaction: Transaction;
  readonly amount: number;
  readonly balanceAfter: number | null;
}

interface TransactionState {
  readonly transaction: Transaction;
  readonly request: StoredRequest;
  refunded: number;
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
  readonly #transactions = new Map<string, TransactionState>();
  readonly #holds = new Map<string, HoldState>();
  #sequence = 0;

  async createAccount(account: NewAccount): Promise<WriteOutcome<Account>> {
    const existing = this.#accounts.get(account.id);
    if (existing) return { status: 'duplicate', record: view(existing), request: {} };
    const state: AccountState = {
      ...account,
      floored: hasZeroFloor(account.type),
      frozen: false,
      balance: 0,
      held: 0,
      lines: [],
    };
    this.#accounts.set(account.id, state);
    return { status: 'created', record: view(state) };
  }

  async getAccount(id: string): Promise<Account | null> {
    const state = this.#accounts.get(id);
    return state ? view(state) : null;
  }

  async setFrozen(id: string, frozen: boolean): Promise<Account | null> {
    const state = this.#accounts.get(id);
    if (!state) return null;
    state.frozen = frozen;
    return view(state);
  }

  async commit(entry: LedgerEntry): Promise<WriteOutcome<Transaction>> {
    const { transaction: draft, captureHold, refunds = [] } = entry;
    const previous = this.#transactions.get(draft.id);
    if (previous) return { status: 'duplicate', record: previous.transaction, request: previous.request };

    const postings = draft.postings;
    const accounts: AccountState[] = [];
    let currency: string | undefined;
    for (const posting of postings) {
      const account = this.#accounts.get(posting.accountId);
      if (!account) throw accountNotFound(posting.accountId);
      if (account.frozen) throw accountFrozen(account.id);
      currency ??= account.currency;
      if (account.currency !== currency) throw currencyMismatch(postings.map((p) => p.accountId));
      accounts.push(account);
    }

    let capturedHold: HoldState | undefined;
    if (captureHold) {
      capturedHold = this.#holds.get(captureHold.holdId);
      if (!capturedHold) throw holdNotFound(captureHold.holdId);
      const status = effectiveStatus(capturedHold.hold, captureHold.now);
      if (status !== 'open') throw holdNotOpen(captureHold.holdId, status);
    }
    const refunded = refunds.map((part) => {
      const original = this.#transactions.get(part.transactionId);
      if (original?.refunded !== part.expectedRefunded) throw concurrentRefund(part.transactionId);
      return original;
    });
    for (let i = 0; i < postings.length; i++) {
      const account = accounts[i] as AccountState;
      if (!account.floored) continue;
      const released = capturedHold?.hold.accountId === account.id ? capturedHold.hold.amount : 0;
      const available = account.balance + (postings[i] as Posting).amount - account.held + released;
      if (available < 0) throw insufficientFunds(account.id);
    }

    const transaction: Transaction = {
      id: draft.id,
      kind: draft.kind,
      currency: currency ?? '',
      postings,
      metadata: draft.metadata,
      holdId: draft.holdId,
      refundOf: draft.refundOf,
      createdAt: draft.createdAt,
    };
    this.#transactions.set(transaction.id, { transaction, request: entry.request, refunded: 0 });
    for (let i = 0; i < postings.length; i++) {
      const account = accounts[i] as AccountState;
      const amount = (postings[i] as Posting).amount;
      account.balance += amount;
      account.lines.push({
        sequence: ++this.#sequence,
        transaction,
        amount,
        balanceAfter: account.floored ? account.balance : null,
      });
    }
    if (capturedHold) this.#capture(capturedHold, transaction);
    refunds.forEach((part, index) => {
      (refunded[index] as TransactionState).refunded += part.amount;
    });
    return { status: 'created', record: transaction };
  }

  async placeHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    const previous = this.#holds.get(hold.id);
    if (previous) return { status: 'duplicate', record: previous.hold, request: previous.request };
    const account = this.#accounts.get(hold.accountId);
    if (!account) throw accountNotFound(hold.accountId);
    if (account.frozen) throw accountFrozen(account.id);
    if (account.floored && account.balance - account.held - hold.amount < 0) throw insufficientFunds(account.id);
    account.held += hold.amount;
    this.#holds.set(hold.id, { hold, request });
    return { status: 'created', record: hold };
  }

  async endHold(holdId: string, status: 'released' | 'expired'): Promise<Hold | null> {
    const state = this.#holds.get(holdId);
    if (!state) return null;
    if (state.hold.status === 'open') this.#end(state, status);
    return state.hold;
  }

  async expireHolds(now: number, accountId?: string): Promise<number> {
    let expired = 0;
    for (const state of this.#holds.values()) {
      const { hold } = state;
      if (hold.status !== 'open' || hold.expiresAt > now) continue;
      if (accountId !== undefined && hold.accountId !== accountId) continue;
      this.#end(state, 'expired');
      expired++;
    }
    return expired;
  }

  async getTransaction(id: string): Promise<StoredTransaction | null> {
    return this.#transactions.get(id) ?? null;
  }

  async getHold(id: string): Promise<Hold | null> {
    return this.#holds.get(id)?.hold ?? null;
  }

  async refundedAmount(transactionId: string): Promise<number> {
    return this.#transactions.get(transactionId)?.refunded ?? 0;
  }

  async statement(accountId: string, query: StatementQuery): Promise<StatementPage> {
    const lines = this.#accounts.get(accountId)?.lines ?? [];
    const entries: StatementEntry[] = [];
    let index = query.cursor === null ? lines.length - 1 : lastIndexBefore(lines, Number(query.cursor));
    for (; index >= 0 && entries.length < query.limit; index--) {
      const line = lines[index] as StatementLine;
      const createdAt = line.transaction.createdAt;
      if (query.to !== null && createdAt >= query.to) continue;
      if (query.from !== null && createdAt < query.from) break; // lines are in time order
      entries.push(entryOf(line));
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
      postedBalance: account.lines.reduce((sum, line) => sum + line.amount, 0),
      openHolds: openHolds.get(account.id) ?? 0,
    }));
  }

  #capture(state: HoldState, transaction: Transaction): void {
    const hold = state.hold;
    const debit = transaction.postings.find((posting) => posting.accountId === hold.accountId);
    (this.#accounts.get(hold.accountId) as AccountState).held -= hold.amount;
    state.hold = {
      ...hold,
      status: 'captured',
      capturedAmount: debit ? -debit.amount : 0,
      captureTransactionId: transaction.id,
    };
  }

  #end(state: HoldState, status: 'released' | 'expired'): void {
    (this.#accounts.get(state.hold.accountId) as AccountState).held -= state.hold.amount;
    state.hold = { ...state.hold, status };
  }
}

/** Creates an empty in-memory wallet store. */
export function createMemoryWalletStore(): MemoryWalletStore {
  return new MemoryWalletStore();
}

function view(state: AccountState): Account {
  return {
    id: state.id,
    type: state.type,
    currency: state.currency,
    frozen: state.frozen,
    balance: state.balance,
    held: state.held,
    available: state.balance - state.held,
    createdAt: state.createdAt,
  };
}

/** Index of the newest line whose sequence is below `sequence` (lines ascend by sequence). */
function lastIndexBefore(lines: readonly StatementLine[], sequence: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((lines[middle] as StatementLine).sequence < sequence) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function entryOf(line: StatementLine): StatementEntry {
  const { transaction } = line;
  return {
    cursor: String(line.sequence),
    transactionId: transaction.id,
    kind: transaction.kind,
    amount: line.amount,
    balanceAfter: line.balanceAfter,
    metadata: transaction.metadata,
    createdAt: transaction.createdAt,
  };
}
