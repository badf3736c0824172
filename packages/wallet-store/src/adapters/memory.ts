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
import type { Account, Hold, StatementEntry, StatementPage, Transaction } from '../types.js';

interface AccountState {
  readonly id: string;
  readonly type: Account['type'];
  readonly currency: string;
  readonly createdAt: number;
  readonly floored: boolean;
  frozen: boolean;
  balance: number;
  held: number;
  /** Statement lines, oldest first; the index + 1 is the cursor. */
  readonly entries: StatementEntry[];
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
      entries: [],
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
    const { transaction: draft, captureHold, refund } = entry;
    const previous = this.#transactions.get(draft.id);
    if (previous) return { status: 'duplicate', record: previous.transaction, request: previous.request };

    const postings = draft.postings;
    const accounts: AccountState[] = [];
    for (const posting of postings) {
      const account = this.#accounts.get(posting.accountId);
      if (!account) throw accountNotFound(posting.accountId);
      if (account.frozen) throw accountFrozen(account.id);
      accounts.push(account);
    }
    const currency = accounts[0]?.currency ?? '';
    if (accounts.some((account) => account.currency !== currency)) throw currencyMismatch(accounts.map((a) => a.id));

    let capturedHold: HoldState | undefined;
    if (captureHold) {
      capturedHold = this.#holds.get(captureHold.holdId);
      if (!capturedHold) throw holdNotFound(captureHold.holdId);
      const status = effectiveStatus(capturedHold.hold, captureHold.now);
      if (status !== 'open') throw holdNotOpen(captureHold.holdId, status);
    }
    let refunded: TransactionState | undefined;
    if (refund) {
      refunded = this.#transactions.get(refund.transactionId);
      if (refunded?.refunded !== refund.expectedRefunded) throw concurrentRefund(refund.transactionId);
    }
    for (let i = 0; i < postings.length; i++) {
      const account = accounts[i] as AccountState;
      const released = capturedHold?.hold.accountId === account.id ? capturedHold.hold.amount : 0;
      const available = account.balance + (postings[i] as (typeof postings)[number]).amount - account.held + released;
      if (account.floored && available < 0) throw insufficientFunds(account.id);
    }

    const transaction: Transaction = { ...draft, currency };
    this.#transactions.set(transaction.id, { transaction, request: entry.request, refunded: 0 });
    for (let i = 0; i < postings.length; i++) {
      const account = accounts[i] as AccountState;
      const amount = (postings[i] as (typeof postings)[number]).amount;
      account.balance += amount;
      account.entries.push({
        cursor: String(++this.#sequence),
        transactionId: transaction.id,
        kind: transaction.kind,
        amount,
        balanceAfter: account.floored ? account.balance : null,
        metadata: transaction.metadata,
        createdAt: transaction.createdAt,
      });
    }
    if (capturedHold) {
      const hold = capturedHold.hold;
      const debited = postings.find((posting) => posting.accountId === hold.accountId);
      (this.#accounts.get(hold.accountId) as AccountState).held -= hold.amount;
      capturedHold.hold = {
        ...hold,
        status: 'captured',
        capturedAmount: debited ? -debited.amount : 0,
        captureTransactionId: transaction.id,
      };
    }
    if (refunded && refund) refunded.refunded += refund.amount;
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
    const entries = this.#accounts.get(accountId)?.entries ?? [];
    const page: StatementEntry[] = [];
    let index = query.cursor === null ? entries.length - 1 : lastIndexBefore(entries, Number(query.cursor));
    for (; index >= 0 && page.length < query.limit; index--) {
      const entry = entries[index] as StatementEntry;
      if (query.to !== null && entry.createdAt >= query.to) continue;
      if (query.from !== null && entry.createdAt < query.from) break; // entries are in time order
      page.push(entry);
    }
    const more = page.length === query.limit && index >= 0;
    return { entries: page, nextCursor: more ? (page.at(-1) as StatementEntry).cursor : null };
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
      postedBalance: account.entries.reduce((sum, entry) => sum + entry.amount, 0),
      openHolds: openHolds.get(account.id) ?? 0,
    }));
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

/** Index of the newest entry whose cursor is below `cursor` (entries ascend by cursor). */
function lastIndexBefore(entries: readonly StatementEntry[], cursor: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (Number((entries[middle] as StatementEntry).cursor) < cursor) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
