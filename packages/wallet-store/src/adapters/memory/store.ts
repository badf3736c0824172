import { postingAccounts, usableAccount } from '../../accounts.js';
import { balanceLimitExceeded, insufficientFunds } from '../../errors.js';
import { assertCapturableStatus } from '../../holds.js';
import { refundReportOf } from '../../refund-report.js';
import { assertRefundsCurrent } from '../../refunds.js';
import type {
  AccountAudit,
  BatchOutcome,
  BatchWrite,
  GroupedStatementQuery,
  HoldRelease,
  LedgerEntry,
  NewAccount,
  PositionedGroup,
  RefundPart,
  RefundReportQuery,
  StatementQuery,
  StoredHold,
  StoredRequest,
  StoredTransaction,
  WalletStore,
  WriteOutcome,
} from '../../store.js';
import type { Account, Hold, HoldStatus, Posting, RefundReportRow, StatementPage, Transaction } from '../../types.js';
import { AccountState, AccountTotals } from './account-state.js';
import { accountView, auditOf, expiredOpenHolds, unexpiredHeld, withOpenHold, withoutOpenHold } from './accounts.js';
import { applyBatch, type MemorySteps } from './batch.js';
import { CellArena } from './cell-arena.js';
import { HoldTable } from './hold-table.js';
import { TransactionLog } from './ledger.js';
import { groupedRowsOf, statementPageOf } from './statements.js';

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
  readonly #holds = new HoldTable(this.#accountList);
  /** The cells of every account's statement lines. */
  readonly #cells = new CellArena();
  readonly #totals = new AccountTotals();
  #sequence = 0;

  async createAccount(account: NewAccount): Promise<WriteOutcome<Account>> {
    const existing = this.#accounts.get(account.id);
    if (existing)
      return { status: 'duplicate', record: accountView(existing, account.createdAt, this.#holds), request: {} };
    const state = new AccountState(account, this.#accountList.length, this.#totals, this.#cells);
    this.#accounts.set(account.id, state);
    this.#accountList.push(state);
    return { status: 'created', record: accountView(state, account.createdAt, this.#holds) };
  }

  async getAccount(id: string, now: number): Promise<Account | null> {
    const state = this.#accounts.get(id);
    return state ? accountView(state, now, this.#holds) : null;
  }

  async getAccounts(ids: readonly string[], now: number): Promise<(Account | null)[]> {
    return ids.map((id) => {
      const state = this.#accounts.get(id);
      return state ? accountView(state, now, this.#holds) : null;
    });
  }

  async setFrozen(id: string, frozen: boolean, now: number): Promise<Account | null> {
    const state = this.#accounts.get(id);
    if (!state) return null;
    state.frozen = frozen;
    return accountView(state, now, this.#holds);
  }

  async commit(entry: LedgerEntry): Promise<WriteOutcome<Transaction>> {
    return this.#commit(entry);
  }

  commitNow(entry: LedgerEntry): WriteOutcome<Transaction> {
    return this.#commit(entry);
  }

  async commitBatch(writes: readonly BatchWrite[]): Promise<BatchOutcome[]> {
    return applyBatch(this.#steps, writes);
  }

  readonly #steps: MemorySteps = {
    commit: (entry) => this.#commit(entry),
    placeHold: (hold, request) => this.#placeHold(hold, request),
    releaseHold: (holdId, now) => this.#releaseHold(holdId, now),
    voidHold: (hold, request) => this.#voidHold(hold, request),
    hold: (id) => this.#holds.stored(id),
    transaction: (id) => this.#transaction(id),
  };

  #commit(entry: LedgerEntry): WriteOutcome<Transaction> {
    const { transaction: draft, captureHold, refunds } = entry;
    const previous = this.#log.positionOf(draft.id);
    if (previous !== undefined) {
      return { status: 'duplicate', record: this.#log.transactionAt(previous), request: this.#log.requestAt(previous) };
    }
    const { postings } = draft;
    const now = draft.createdAt;
    const accounts = postingAccounts(postings, this.#accounts);
    const capturedHold = captureHold ? this.#openHold(captureHold.holdId, now) : null;
    const originals = refunds ? this.#refundedOriginals(refunds) : [];
    const capturedHoldAccount = capturedHold === null ? -1 : this.#holds.accountIndexAt(capturedHold);
    for (let i = 0; i < postings.length; i++) {
      const account = accounts[i] as AccountState;
      if (!account.floored) continue;
      const amount = (postings[i] as Posting).amount;
      if (amount > 0) {
        if (account.balance + amount > entry.maxBalance) throw balanceLimitExceeded(account.id);
        continue;
      }
      const available = account.balance - unexpiredHeld(account, now, this.#holds);
      const released = account.index === capturedHoldAccount ? this.#holds.amountAt(capturedHold as number) : 0;
      if (available + amount + released < 0) throw insufficientFunds(account.id);
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
      const balance = account.balance + amount;
      account.balance = balance;
      account.lines.push(++this.#sequence, position, amount, balance);
    }
    if (capturedHold !== null) this.#capture(capturedHold, transaction);
    for (const account of accounts) if (account.openHolds !== null) this.#sweep(account, now);
    refunds?.forEach((part, index) => {
      this.#log.addRefunded(originals[index] as number, part.amount);
    });
    return { status: 'created', record: transaction };
  }

  async placeHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    return this.#placeHold(hold, request);
  }

  #placeHold(hold: Hold, request: StoredRequest): WriteOutcome<Hold> {
    const previous = this.#holds.stored(hold.id);
    if (previous) return { status: 'duplicate', record: previous.hold, request: previous.request };
    const account = usableAccount(this.#accounts.get(hold.accountId), hold.accountId);
    const now = hold.createdAt;
    if (account.floored && account.balance - unexpiredHeld(account, now, this.#holds) - hold.amount < 0) {
      throw insufficientFunds(account.id);
    }
    this.#sweep(account, now);
    account.held += hold.amount;
    account.openHolds = withOpenHold(account.openHolds, this.#holds.insert(hold, account.index, request));
    return { status: 'created', record: hold };
  }

  async voidHold(hold: Hold, request: StoredRequest): Promise<WriteOutcome<Hold>> {
    return this.#voidHold(hold, request);
  }

  #voidHold(hold: Hold, request: StoredRequest): WriteOutcome<Hold> {
    const previous = this.#holds.stored(hold.id);
    if (previous) return { status: 'duplicate', record: previous.hold, request: previous.request };
    this.#holds.insert(hold, this.#accounts.get(hold.accountId)?.index, request);
    return { status: 'created', record: hold };
  }

  async releaseHold(holdId: string, now: number): Promise<HoldRelease | null> {
    return this.#releaseHold(holdId, now);
  }

  #releaseHold(holdId: string, now: number): HoldRelease | null {
    const position = this.#holds.positionOf(holdId);
    if (position === undefined) return null;
    if (this.#holds.statusAtTime(position, now) !== 'open')
      return { hold: this.#holds.holdAt(position, holdId), released: false };
    this.#end(position, 'released');
    return { hold: this.#holds.holdAt(position, holdId), released: true };
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
    return this.#transaction(id);
  }

  #transaction(id: string): StoredTransaction | null {
    const position = this.#log.positionOf(id);
    if (position === undefined) return null;
    return { transaction: this.#log.transactionAt(position), request: this.#log.requestAt(position) };
  }

  async getHold(id: string): Promise<StoredHold | null> {
    return this.#holds.stored(id);
  }

  async refundedAmount(transactionId: string): Promise<number> {
    const position = this.#log.positionOf(transactionId);
    return position === undefined ? 0 : this.#log.refundedAt(position);
  }

  async statement(accountId: string, query: StatementQuery): Promise<StatementPage> {
    const lines = this.#accounts.get(accountId)?.lines;
    return lines ? statementPageOf(lines, this.#log, query) : { entries: [], nextCursor: null };
  }

  async groupedStatement(accountId: string, query: GroupedStatementQuery): Promise<PositionedGroup[]> {
    const lines = this.#accounts.get(accountId)?.lines;
    return lines ? groupedRowsOf(lines, this.#log, query) : [];
  }

  async refundReport(query: RefundReportQuery): Promise<RefundReportRow[]> {
    return refundReportOf(this.#log.refunds(), query);
  }

  async audit(): Promise<AccountAudit[]> {
    return auditOf(this.#accounts.values(), this.#holds);
  }

  /** Position of the hold `holdId` if it is open at `now`. */
  #openHold(holdId: string, now: number): number {
    const position = this.#holds.positionOf(holdId);
    assertCapturableStatus(position === undefined ? null : this.#holds.statusAtTime(position, now), holdId);
    return position as number;
  }

  /** Log positions of the refunded originals, each still at the refunded total the refund was computed from. */
  #refundedOriginals(refunds: readonly RefundPart[]): number[] {
    const positions = refunds.map((part) => this.#log.positionOf(part.transactionId));
    const refunded = positions.map((position) => (position === undefined ? undefined : this.#log.refundedAt(position)));
    assertRefundsCurrent(refunds, refunded);
    // Every position is known: an unknown original has no refunded total, which fails the assertion.
    return positions as number[];
  }

  /** Closes the hold at `position` as captured by `transaction`. */
  #capture(position: number, transaction: Transaction): void {
    const accountId = this.#accountAt(position).id;
    const debit = transaction.postings.find((posting) => posting.accountId === accountId);
    this.#end(position, 'captured', { id: transaction.id, amount: debit ? -debit.amount : 0 });
  }

  /** Closes the account's open holds that expired by `now`; returns how many. */
  #sweep(account: AccountState, now: number): number {
    const due = expiredOpenHolds(account.openHolds, now, this.#holds);
    for (const position of due) this.#end(position, 'expired');
    return due.length;
  }

  /** Closes the open hold at `position` with `status`: its account stops reserving it. */
  #end(position: number, status: HoldStatus, capture?: { readonly id: string; readonly amount: number }): void {
    const account = this.#accountAt(position);
    account.held -= this.#holds.amountAt(position);
    account.openHolds = withoutOpenHold(account.openHolds, position);
    this.#holds.end(position, status, capture);
  }

  /** The account of the hold at `position` (an open hold's account is always stored). */
  #accountAt(position: number): AccountState {
    return this.#accountList[this.#holds.accountIndexAt(position)] as AccountState;
  }
}

/** Creates an empty in-memory wallet store. */
export function createMemoryWalletStore(): MemoryWalletStore {
  return new MemoryWalletStore();
}
