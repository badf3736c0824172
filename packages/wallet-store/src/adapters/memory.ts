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
  RefundPart,
  StatementQuery,
  StoredRequest,
  StoredTransaction,
  WalletStore,
  WriteOutcome,
} from '../store.js';
import type { Account, Hold, Posting, StatementEntry, StatementPage, Transaction } from '../types.js';
import { type LedgerAccount, StatementLines, TransactionLog } from './memory/ledger.js';

interface AccountState extends LedgerAccount {
  readonly type: Account['type'];
  readonly createdAt: number;
  readonly floored: boolean;
  frozen: boolean;
  balance: number;
  held: number;
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
    if (existing) return { status: 'duplicate', record: view(existing), request: {} };
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
      lines: new StatementLines(floored),
    };
    this.#accounts.set(account.id, state);
    this.#accountList.push(state);
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
    const { transaction: draft, captureHold, refunds } = entry;
    const previous = this.#log.positionOf(draft.id);
    if (previous !== undefined) {
      return { status: 'duplicate', record: this.#log.transactionAt(previous), request: this.#log.requestAt(previous) };
    }
    const { postings } = draft;
    const accounts = this.#postingAccounts(postings);
    const capturedHold = captureHold && this.#openHold(captureHold.holdId, captureHold.now);
    const originals = refunds ? this.#refundedOriginals(refunds) : [];
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
    const position = this.#log.positionOf(id);
    if (position === undefined) return null;
    return { transaction: this.#log.transactionAt(position), request: this.#log.requestAt(position) };
  }

  async getHold(id: string): Promise<Hold | null> {
    return this.#holds.get(id)?.hold ?? null;
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
