import { type Clock, systemClock } from '@jyotishconnect/core';
import { EventEmitter } from 'eventemitter3';
import { SYSTEM_ACCOUNTS } from './accounts.js';
import { verifyBooks } from './audit.js';
import { commitMany, readAccount, readAccounts } from './batch-operations.js';
import { accountNotFound, WalletError } from './errors.js';
import * as holdOperations from './hold-operations.js';
import { holdAt } from './holds.js';
import type {
  BatchOperation,
  BatchResult,
  CaptureHoldInput,
  GroupedStatementOptions,
  OpenAccountInput,
  PlaceHoldInput,
  RefundInput,
  RefundManyInput,
  SplitChargeInput,
  StatementOptions,
  TopUpInput,
  TransferInput,
  VoidHoldInput,
  WalletEvents,
  WalletLimits,
  WalletOptions,
} from './inputs.js';
import { commitRefund } from './refund-operations.js';
import { checkRefundReportOptions, type RefundReportOptions } from './refund-report.js';
import { checkRefund, checkRefundMany, checkSplitCharge, checkTopUp, checkTransfer } from './requests.js';
import { findEntry, readGroupedStatement, readStatement } from './statement-reads.js';
import type { WalletStore } from './store.js';
import type {
  Account,
  GroupedStatementPage,
  Hold,
  RefundReportRow,
  StatementEntry,
  StatementPage,
  Transaction,
  VerifyReport,
} from './types.js';
import { checkAccountType, checkCurrency, checkId, checkLimits } from './validate.js';
import { WalletContext } from './wallet-context.js';
import { measuredWalletStore } from './wallet-metrics.js';

// The operations live beside this file (requests.ts checks inputs, the
// *-operations.ts modules do the I/O): this class is the public surface and
// its documentation, and owns the events and the store the operations share.

/**
 * Double-entry wallets in integer paise. Every write is atomic and idempotent
 * by its caller-chosen id; wallets never go below zero; holds reserve funds.
 *
 * @example
 * ```ts
 * const wallet = createWallet({ store: createMemoryWalletStore() });
 * await wallet.openSystemAccounts();
 * await wallet.openAccount({ id: 'user:1', type: 'user' });
 * await wallet.topUp({ id: 'order:42', to: 'user:1', amount: 50_000 });
 * ```
 */
export class Wallet extends EventEmitter<WalletEvents> {
  /** The ceilings on amounts and wallet balances. */
  readonly limits: WalletLimits;
  readonly #store: WalletStore;
  readonly #clock: Clock;
  readonly #context: WalletContext;

  constructor(options: WalletOptions) {
    super();
    this.#store = options.metrics ? measuredWalletStore(options.store, options.metrics, this) : options.store;
    this.#clock = options.clock ?? systemClock;
    this.limits = checkLimits(options.limits);
    this.#context = new WalletContext(this.#store, this.#clock, this.limits, this, !options.metrics);
  }

  /** Opens an account, or returns it if the same id was opened with the same type and currency. */
  async openAccount(input: OpenAccountInput): Promise<Account> {
    const id = checkId(input.id, 'id');
    const type = checkAccountType(input.type);
    const currency = checkCurrency(input.currency ?? 'INR');
    const outcome = await this.#store.createAccount({ id, type, currency, createdAt: this.#clock.now() });
    const account = outcome.record;
    if (outcome.status === 'duplicate' && (account.type !== type || account.currency !== currency)) {
      throw new WalletError('ACCOUNT_EXISTS', `account ${id} exists as ${account.type} in ${account.currency}`, {
        details: { accountId: id },
      });
    }
    return account;
  }

  /** Opens the default system accounts (`system:funding`, `system:revenue`, …) for a currency. */
  async openSystemAccounts(currency = 'INR'): Promise<Account[]> {
    const accounts: Account[] = [];
    for (const id of Object.values(SYSTEM_ACCOUNTS))
      accounts.push(await this.openAccount({ id, type: 'system', currency }));
    return accounts;
  }

  /**
   * Reads an account with its balance and available balance; `null` if
   * unknown. A hold stops counting in `held` the instant it expires.
   */
  getAccount(id: string): Promise<Account | null> {
    return readAccount(this.#context, id);
  }

  /** Reads up to 1,000 accounts as `getAccount` does, in one store round trip: in order, `null` when unknown. */
  async getAccounts(ids: readonly string[]): Promise<(Account | null)[]> {
    return await readAccounts(this.#context, ids);
  }

  /** Freezes an account: it takes part in no new transaction or hold until unfrozen. */
  async freeze(accountId: string): Promise<Account> {
    return await this.#setFrozen(accountId, true);
  }

  /** Lifts a freeze. */
  async unfreeze(accountId: string): Promise<Account> {
    return await this.#setFrozen(accountId, false);
  }

  /** Credits a wallet with money from outside (a payment), debiting a system funding account. */
  topUp(input: TopUpInput): Promise<Transaction> {
    return this.#context.commitChecked('topup', input, checkTopUp);
  }

  /** Moves `amount` from one account to another. */
  transfer(input: TransferInput): Promise<Transaction> {
    return this.#context.commitChecked('transfer', input, checkTransfer);
  }

  /** Charges the payer `amount`; the payee and the platform receive their shares in the same transaction. */
  splitCharge(input: SplitChargeInput): Promise<Transaction> {
    return this.#context.commitChecked('split', input, checkSplitCharge);
  }

  /**
   * Reserves `amount` of an account's available balance until captured,
   * released or expired. A retry with the same id and body returns the
   * stored hold at any time, even after it expired.
   */
  placeHold(input: PlaceHoldInput): Promise<Hold> {
    return holdOperations.placeHold(this.#context, input);
  }

  /**
   * Captures all or part of an open, unexpired hold as a debit to `to` (or a
   * split charge when a commission is given) and releases the rest,
   * atomically. A hold resolves once: capturing it again under another id is
   * `HOLD_NOT_OPEN`; the same id and body replay the stored capture.
   */
  captureHold(input: CaptureHoldInput): Promise<Transaction> {
    return holdOperations.captureHold(this.#context, input);
  }

  /**
   * Releases an open hold, returning its funds. Releasing it again returns it
   * unchanged, with no second event; a captured or expired hold is
   * `HOLD_NOT_OPEN` (an expired one reserves nothing already).
   */
  async releaseHold(holdId: string): Promise<Hold> {
    return await holdOperations.releaseHold(this.#context, holdId);
  }

  /**
   * Makes sure a hold id can never reserve money again, whether or not the
   * hold was placed yet: an open hold is released (as {@link Wallet.releaseHold}),
   * a missing one is recorded as void (released, 0 paise), so a placement
   * still in flight elsewhere fails with `IDEMPOTENCY_CONFLICT` instead of
   * reserving money nobody will release. Returns the hold as it stands.
   */
  async voidHold(input: VoidHoldInput): Promise<Hold> {
    return await holdOperations.voidHold(this.#context, input);
  }

  /**
   * Commits up to 1,000 operations in one round trip to the store (one
   * statement on PostgreSQL/PGlite, one transaction on MongoDB) and returns one
   * result per operation, in order: exactly what the one-by-one calls would
   * return or throw, each operation succeeding or failing on its own, each
   * seeing the ones before it. More than 1,000 is `INVALID_INPUT`.
   *
   * @example
   * ```ts
   * const [hold, capture] = await wallet.commitMany([
   *   { op: 'placeHold', id: 'hold:s1:2', accountId: 'user:1', amount: 500, expiresAt: Date.now() + 60_000 },
   *   { op: 'captureHold', id: 's1:1', holdId: 'hold:s1:1', to: 'consultant:7', commissionBps: 2_000 },
   * ]);
   * if (capture && !capture.ok) console.log(capture.error.code);
   * ```
   */
  async commitMany(operations: readonly BatchOperation[]): Promise<BatchResult[]> {
    return await commitMany(this.#context, operations);
  }

  /**
   * Closes every open hold past its `expiresAt` in storage; returns how many.
   * Reads and writes already treat them as expired: this only tidies storage.
   */
  async expireHolds(): Promise<number> {
    return await this.#store.expireHolds(this.#clock.now());
  }

  /**
   * Refunds a committed transaction fully or in part as a new linked
   * transaction; refunds of one transaction never add up to more than it moved.
   */
  async refund(input: RefundInput): Promise<Transaction> {
    return await commitRefund(this.#context, checkRefund(input, this.limits.maxAmount));
  }

  /**
   * Refunds several committed transactions (say, every interval charge of a
   * session) as ONE new refund transaction, all or nothing: `amount` (default:
   * everything left) is taken from the newest (last listed) first, each original
   * up to what is left of it, and the postings are merged per account. Its
   * `refundOf` is the first listed id; each original's refunds still never add
   * up to more than it moved.
   */
  async refundMany(input: RefundManyInput): Promise<Transaction> {
    return await commitRefund(this.#context, checkRefundMany(input, this.limits.maxAmount));
  }

  /** Reads a transaction by id; `null` if unknown. */
  async getTransaction(id: string): Promise<Transaction | null> {
    return (await this.#store.getTransaction(checkId(id, 'id')))?.transaction ?? null;
  }

  /** Reads a hold by id; `null` if unknown. An open hold past its expiry reads as `expired`. */
  async getHold(id: string): Promise<Hold | null> {
    const stored = await this.#store.getHold(checkId(id, 'id'));
    return stored && holdAt(stored.hold, this.#clock.now());
  }

  /** A page of an account's statement, newest first, with an opaque cursor for the next page. */
  async statement(accountId: string, options: StatementOptions = {}): Promise<StatementPage> {
    return await readStatement(this.#store, this.#clock.now(), accountId, options);
  }

  /**
   * A page of an account's statement with the entries of one consultation
   * folded into one row: entries whose metadata field `groupBy` (default
   * `sessionId`) holds the same string share a row with their total, count,
   * kinds and first and last time; top-ups, refunds and entries without the
   * field are rows of their own. Rows are ordered by their newest entry; the
   * cursor keeps later pages to the entries there were when the first page was
   * read, so each row appears once with the same totals.
   *
   * @example
   * ```ts
   * const page = await wallet.groupedStatement('user:asha', { limit: 20 });
   * for (const row of page.rows) console.log(row.key ?? row.transactionId, row.total, row.count);
   * ```
   */
  async groupedStatement(accountId: string, options: GroupedStatementOptions = {}): Promise<GroupedStatementPage> {
    return await readGroupedStatement(this.#store, this.#clock.now(), accountId, options);
  }

  /**
   * The statement entry `transaction` wrote to `accountId`, with its exact
   * `balanceAfter`, or `null` if it did not move that account. Only the
   * millisecond the transaction was committed in is read.
   */
  async entryOf(accountId: string, transaction: Pick<Transaction, 'id' | 'createdAt'>): Promise<StatementEntry | null> {
    return await findEntry((options) => this.statement(accountId, options), transaction);
  }

  /**
   * Refunds summed per day they were made on (in a time zone) or per value of
   * a metadata field, counting only refunds whose metadata holds a string
   * under `field`; one query to the store.
   *
   * @example
   * ```ts
   * const byConsultant = await wallet.refundReport({ field: 'consultantId', groupBy: 'field', from, to });
   * for (const row of byConsultant) console.log(row.key, row.refunds, row.refunded);
   * ```
   */
  async refundReport(options: RefundReportOptions): Promise<RefundReportRow[]> {
    return await this.#store.refundReport(checkRefundReportOptions(options));
  }

  /** Recomputes every balance from postings and checks conservation, reservations and floors. */
  async verify(): Promise<VerifyReport> {
    return verifyBooks(await this.#store.audit());
  }

  async #setFrozen(accountId: string, frozen: boolean): Promise<Account> {
    const id = checkId(accountId, 'accountId');
    const account = await this.#store.setFrozen(id, frozen, this.#clock.now());
    if (!account) throw accountNotFound(id);
    return account;
  }
}

/** Creates a {@link Wallet} over a store. */
export function createWallet(options: WalletOptions): Wallet {
  return new Wallet(options);
}
