import { type Clock, isJyotishError, systemClock } from '@jyotishconnect/core';
import { EventEmitter } from 'eventemitter3';
import { SYSTEM_ACCOUNTS } from './accounts.js';
import { verifyBooks } from './audit.js';
import {
  accountNotFound,
  holdNotFound,
  holdNotOpen,
  idempotencyConflict,
  invalidInput,
  transactionNotFound,
  WalletError,
} from './errors.js';
import { effectiveStatus, holdAt } from './holds.js';
import type {
  CaptureHoldInput,
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
import { splitPostings } from './money.js';
import { allocateRefund } from './refunds.js';
import type { LedgerEntry, StoredRequest, StoredTransaction, WalletStore, WriteOutcome } from './store.js';
import type {
  Account,
  Hold,
  Metadata,
  Posting,
  StatementPage,
  Transaction,
  TransactionKind,
  VerifyReport,
} from './types.js';
import {
  assertDistinct,
  checkAccountType,
  checkAmount,
  checkCommission,
  checkCurrency,
  checkId,
  checkIdList,
  checkLimits,
  checkMetadata,
  checkTime,
  commissionPaise,
  sameRequest,
} from './validate.js';

const MAX_REFUND_ATTEMPTS = 5;
const MAX_REFUND_ORIGINALS = 500;

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
  #slot = 0;

  constructor(options: WalletOptions) {
    super();
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.limits = checkLimits(options.limits);
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
    for (const id of Object.values(SYSTEM_ACCOUNTS)) {
      accounts.push(await this.openAccount({ id, type: 'system', currency }));
    }
    return accounts;
  }

  /**
   * Reads an account with its balance and available balance; `null` if
   * unknown. A hold stops counting in `held` the instant it expires.
   */
  async getAccount(id: string): Promise<Account | null> {
    return await this.#store.getAccount(checkId(id, 'id'), this.#clock.now());
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
  async topUp(input: TopUpInput): Promise<Transaction> {
    const id = checkId(input.id, 'id');
    const to = checkId(input.to, 'to');
    const source = input.source === undefined ? SYSTEM_ACCOUNTS.funding : checkId(input.source, 'source');
    const amount = this.#amount(input.amount, 'amount');
    const metadata = checkMetadata(input.metadata);
    assertDistinct([source, to], ['source', 'to']);
    const postings = [
      { accountId: source, amount: -amount },
      { accountId: to, amount },
    ];
    return await this.#commit('topup', id, postings, metadata, { kind: 'topup', source, to, amount, metadata });
  }

  /** Moves `amount` from one account to another. */
  async transfer(input: TransferInput): Promise<Transaction> {
    const id = checkId(input.id, 'id');
    const from = checkId(input.from, 'from');
    const to = checkId(input.to, 'to');
    const amount = this.#amount(input.amount, 'amount');
    const metadata = checkMetadata(input.metadata);
    assertDistinct([from, to], ['from', 'to']);
    const postings = [
      { accountId: from, amount: -amount },
      { accountId: to, amount },
    ];
    return await this.#commit('transfer', id, postings, metadata, { kind: 'transfer', from, to, amount, metadata });
  }

  /** Charges the payer `amount`; the payee and the platform receive their shares in the same transaction. */
  async splitCharge(input: SplitChargeInput): Promise<Transaction> {
    const id = checkId(input.id, 'id');
    const from = checkId(input.from, 'from');
    const to = checkId(input.to, 'to');
    const platform = input.platform === undefined ? SYSTEM_ACCOUNTS.revenue : checkId(input.platform, 'platform');
    const amount = this.#amount(input.amount, 'amount');
    const commission = checkCommission(input);
    const metadata = checkMetadata(input.metadata);
    assertDistinct([from, to, platform], ['from', 'to', 'platform']);
    const postings = splitPostings(from, to, platform, amount, commissionPaise(commission, amount));
    const request = { kind: 'split', from, to, platform, amount, ...commission, metadata };
    return await this.#commit('split', id, postings, metadata, request);
  }

  /**
   * Reserves `amount` of an account's available balance until captured,
   * released or expired. A retry with the same id and body returns the
   * stored hold at any time, even after it expired.
   */
  async placeHold(input: PlaceHoldInput): Promise<Hold> {
    const id = checkId(input.id, 'id');
    const accountId = checkId(input.accountId, 'accountId');
    const amount = this.#amount(input.amount, 'amount');
    const expiresAt = checkTime(input.expiresAt, 'expiresAt');
    const metadata = checkMetadata(input.metadata);
    const now = this.#clock.now();
    const request = { accountId, amount, expiresAt, metadata };
    if (expiresAt <= now) {
      // Too late for a new hold, but perhaps a replay of one placed in time: the id decides first.
      const stored = await this.#store.getHold(id);
      if (!stored) throw invalidInput('expiresAt', 'must be in the future');
      if (!sameRequest(stored.request, request)) throw idempotencyConflict('hold', id);
      return holdAt(stored.hold, now);
    }
    const hold: Hold = {
      id,
      accountId,
      amount,
      status: 'open',
      capturedAmount: 0,
      captureTransactionId: null,
      expiresAt,
      metadata,
      createdAt: now,
    };
    const outcome = await this.#store.placeHold(hold, request);
    const placed = this.#replayed(outcome, 'hold', id, request);
    if (outcome.status === 'created') this.emit('hold', placed);
    return holdAt(placed, now);
  }

  /**
   * Captures all or part of an open, unexpired hold as a debit to `to` (or a
   * split charge when a commission is given) and releases the rest,
   * atomically. A hold resolves once: capturing it again under another id is
   * `HOLD_NOT_OPEN`; the same id and body replay the stored capture.
   */
  async captureHold(input: CaptureHoldInput): Promise<Transaction> {
    const id = checkId(input.id, 'id');
    const holdId = checkId(input.holdId, 'holdId');
    const to = checkId(input.to, 'to');
    const metadata = checkMetadata(input.metadata);
    const commission =
      input.commissionBps === undefined && input.commission === undefined ? null : checkCommission(input);
    const platform = input.platform === undefined ? SYSTEM_ACCOUNTS.revenue : checkId(input.platform, 'platform');
    const requestedAmount = input.amount === undefined ? null : this.#amount(input.amount, 'amount');
    const request = {
      kind: 'capture',
      holdId,
      to,
      amount: requestedAmount,
      ...(commission ?? { commissionBps: null }),
      platform,
      metadata,
    };

    const hold = (await this.#store.getHold(holdId))?.hold;
    const status = hold ? effectiveStatus(hold, this.#clock.now()) : null;
    if (!hold || status !== 'open') {
      // Not capturable now, but the id decides first: a replay returns what it committed.
      const previous = await this.#store.getTransaction(id);
      if (previous) return replayOf(previous, id, request);
      throw status === null ? holdNotFound(holdId) : holdNotOpen(holdId, status);
    }
    const amount = requestedAmount ?? hold.amount;
    if (amount > hold.amount) {
      throw new WalletError('CAPTURE_EXCEEDS_HOLD', `capture of ${amount} exceeds hold ${holdId} of ${hold.amount}`, {
        details: { holdId, amount, held: hold.amount },
      });
    }
    const from = hold.accountId;
    if (commission) assertDistinct([from, to, platform], ['hold account', 'to', 'platform']);
    else assertDistinct([from, to], ['hold account', 'to']);
    const postings = commission
      ? splitPostings(from, to, platform, amount, commissionPaise(commission, amount))
      : [
          { accountId: from, amount: -amount },
          { accountId: to, amount },
        ];
    return await this.#commit(commission ? 'split' : 'transfer', id, postings, metadata, request, {
      holdId,
      captureHold: { holdId },
    });
  }

  /**
   * Releases an open hold, returning its funds. Releasing it again returns it
   * unchanged, with no second event; a captured or expired hold is
   * `HOLD_NOT_OPEN` (an expired one reserves nothing already).
   */
  async releaseHold(holdId: string): Promise<Hold> {
    const id = checkId(holdId, 'holdId');
    const now = this.#clock.now();
    const outcome = await this.#store.releaseHold(id, now);
    if (!outcome) throw holdNotFound(id);
    const hold = holdAt(outcome.hold, now);
    if (outcome.released) this.emit('hold', hold);
    else if (hold.status !== 'released') throw holdNotOpen(id, hold.status);
    return hold;
  }

  /**
   * Makes sure a hold id can never reserve money again, whether or not the
   * hold was placed yet: an open hold is released (as {@link Wallet.releaseHold}),
   * a missing one is recorded as void (released, 0 paise), so a placement
   * still in flight elsewhere fails with `IDEMPOTENCY_CONFLICT` instead of
   * reserving money nobody will release. Returns the hold as it stands.
   */
  async voidHold(input: VoidHoldInput): Promise<Hold> {
    const id = checkId(input.id, 'id');
    const accountId = checkId(input.accountId, 'accountId');
    for (;;) {
      const now = this.#clock.now();
      const outcome = await this.#store.releaseHold(id, now);
      if (outcome) {
        if (outcome.released) this.emit('hold', outcome.hold);
        return holdAt(outcome.hold, now);
      }
      const tombstone: Hold = {
        id,
        accountId,
        amount: 0,
        status: 'released',
        capturedAmount: 0,
        captureTransactionId: null,
        expiresAt: now,
        metadata: {},
        createdAt: now,
      };
      const voided = await this.#store.voidHold(tombstone, { void: true, accountId });
      // Placed meanwhile: the next turn releases it.
      if (voided.status === 'created') return voided.record;
    }
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
    const id = checkId(input.id, 'id');
    const transactionId = checkId(input.transactionId, 'transactionId');
    const amount = input.amount === undefined ? null : this.#amount(input.amount, 'amount');
    const metadata = checkMetadata(input.metadata);
    const request = { kind: 'refund', transactionId, amount, metadata };
    return await this.#refund(id, [transactionId], amount, metadata, request);
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
    const id = checkId(input.id, 'id');
    const transactionIds = checkIdList(input.transactionIds, 'transactionIds', MAX_REFUND_ORIGINALS);
    const amount = input.amount === undefined ? null : this.#amount(input.amount, 'amount');
    const metadata = checkMetadata(input.metadata);
    const request = { kind: 'refundMany', transactionIds, amount, metadata };
    return await this.#refund(id, transactionIds, amount, metadata, request);
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
    const id = checkId(accountId, 'accountId');
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw invalidInput('limit', 'must be an integer from 1 to 500');
    if (options.cursor !== undefined && !/^\d{1,19}$/.test(options.cursor))
      throw invalidInput('cursor', 'is not a cursor');
    const from = options.from === undefined ? null : checkTime(options.from, 'from');
    const to = options.to === undefined ? null : checkTime(options.to, 'to');
    if (!(await this.#store.getAccount(id, this.#clock.now()))) throw accountNotFound(id);
    return await this.#store.statement(id, { limit, cursor: options.cursor ?? null, from, to });
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

  /** The one refund path: `transactionIds` are distinct, oldest first; `amount` null means all that is left. */
  async #refund(
    id: string,
    transactionIds: readonly string[],
    amount: number | null,
    metadata: Metadata,
    request: StoredRequest,
  ): Promise<Transaction> {
    const previous = await this.#store.getTransaction(id);
    if (previous) return replayOf(previous, id, request);
    const stored = await Promise.all(transactionIds.map((transactionId) => this.#store.getTransaction(transactionId)));
    const originals = stored.map((each, index) => {
      const transactionId = transactionIds[index] as string;
      if (!each) throw transactionNotFound(transactionId);
      if (each.transaction.kind === 'refund') {
        throw new WalletError('NOT_REFUNDABLE', `transaction ${transactionId} is itself a refund`, {
          details: { transactionId },
        });
      }
      return each.transaction;
    });
    for (let attempt = 1; ; attempt++) {
      const refunded = await Promise.all(
        transactionIds.map((transactionId) => this.#store.refundedAmount(transactionId)),
      );
      const { refunds, postings } = allocateRefund(originals, refunded, amount);
      try {
        return await this.#commit('refund', id, postings, metadata, request, {
          refundOf: transactionIds[0] as string,
          refunds,
        });
      } catch (error) {
        // Another refund of one of the originals committed first: recompute from the new totals.
        if (!isJyotishError(error, 'CONCURRENT_MODIFICATION') || attempt >= MAX_REFUND_ATTEMPTS) throw error;
      }
    }
  }

  async #commit(
    kind: TransactionKind,
    id: string,
    postings: Posting[],
    metadata: Metadata,
    request: StoredRequest,
    links: Pick<LedgerEntry, 'captureHold' | 'refunds'> & { holdId?: string; refundOf?: string } = {},
  ): Promise<Transaction> {
    const entry: LedgerEntry = {
      transaction: {
        id,
        kind,
        postings,
        metadata,
        holdId: links.holdId ?? null,
        refundOf: links.refundOf ?? null,
        createdAt: this.#clock.now(),
      },
      request,
      slot: this.#nextSlot(),
      maxBalance: this.limits.maxBalance,
      captureHold: links.captureHold,
      refunds: links.refunds,
    };
    const outcome = await this.#store.commit(entry);
    const transaction = this.#replayed(outcome, 'transaction', id, request);
    if (outcome.status === 'created') {
      this.emit('transaction', transaction);
      if (links.holdId) void this.#emitHold(links.holdId);
    }
    return transaction;
  }

  async #emitHold(holdId: string): Promise<void> {
    if (this.listenerCount('hold') === 0) return;
    const stored = await this.#store.getHold(holdId);
    if (stored) this.emit('hold', stored.hold);
  }

  #amount(value: unknown, field: string): number {
    return checkAmount(value, field, this.limits.maxAmount);
  }

  #replayed<T>(outcome: WriteOutcome<T>, kind: string, id: string, request: StoredRequest): T {
    if (outcome.status === 'duplicate' && !sameRequest(outcome.request, request)) throw idempotencyConflict(kind, id);
    return outcome.record;
  }

  #nextSlot(): number {
    this.#slot = (this.#slot + 1) & 0x3fffffff;
    return this.#slot;
  }
}

/** The stored transaction `id` when `request` replays the one that created it; otherwise `IDEMPOTENCY_CONFLICT`. */
function replayOf(stored: StoredTransaction | null, id: string, request: StoredRequest): Transaction {
  if (!stored || !sameRequest(stored.request, request)) throw idempotencyConflict('transaction', id);
  return stored.transaction;
}

/** Creates a {@link Wallet} over a store. */
export function createWallet(options: WalletOptions): Wallet {
  return new Wallet(options);
}
