import type { Clock } from '@jyotishconnect/core';
import type { EventEmitter } from 'eventemitter3';
import { idempotencyConflict } from './errors.js';
import type { WalletEvents, WalletLimits } from './inputs.js';
import type { Movement } from './requests.js';
import type { LedgerEntry, StoredRequest, StoredTransaction, WalletStore, WriteOutcome } from './store.js';
import type { Transaction, TransactionKind } from './types.js';
import { sameRequest } from './validate.js';

/** What a committed transaction links to: the hold it captures, the originals it refunds. */
export type CommitLinks = Pick<LedgerEntry, 'captureHold' | 'refunds'> & { holdId?: string; refundOf?: string };

/** The links of a plain transfer or charge: none (one shared object, not a new one per commit). */
const NO_LINKS: CommitLinks = Object.freeze({});

/**
 * What a wallet's operations run against: its store, clock, limits and event
 * emitter, and the one path every transaction is committed by. The operation
 * modules take this rather than the `Wallet`, so none of them imports it back.
 */
export class WalletContext {
  /** Where the books live. */
  readonly store: WalletStore;
  /** Source of timestamps and hold expiry. */
  readonly clock: Clock;
  /** The wallet's ceilings on amounts and balances. */
  readonly limits: WalletLimits;
  /** The wallet itself, which emits its events. */
  readonly events: EventEmitter<WalletEvents>;
  /** The store's {@link WalletStore.commitNow}, bound to it, when the wallet may use it. */
  readonly #commitNow: ((entry: LedgerEntry) => WriteOutcome<Transaction>) | undefined;
  #slot = 0;

  /**
   * @param synchronous whether to use the store's `commitNow` when it has one: false for a
   * measured store, whose metrics name each call by its method and must keep naming these `commit`.
   */
  constructor(
    store: WalletStore,
    clock: Clock,
    limits: WalletLimits,
    events: EventEmitter<WalletEvents>,
    synchronous = true,
  ) {
    this.store = store;
    this.clock = clock;
    this.limits = limits;
    this.events = events;
    this.#commitNow = synchronous ? store.commitNow?.bind(store) : undefined;
  }

  /**
   * Commits `movement` as a `kind` transaction, now. Events go out only for a
   * new write; a replay of the same id and request returns what it committed.
   * On the store's `commitNow`, when it has one, the result is settled before
   * this returns, and the caller's `await` is the only one (a tick's capture
   * allocated two awaits more). Never throws: a failure rejects.
   */
  commit(kind: TransactionKind, movement: Movement, links: CommitLinks = NO_LINKS): Promise<Transaction> {
    try {
      const entry = this.ledgerEntry(kind, movement, links, this.clock.now());
      if (this.#commitNow) return Promise.resolve(this.settleCommit(this.#commitNow(entry), movement, links));
      return this.store.commit(entry).then((outcome) => this.settleCommit(outcome, movement, links));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Checks `input` with `check`, then commits it as {@link WalletContext.commit} does. Never throws: a bad input rejects. */
  commitChecked<I>(
    kind: TransactionKind,
    input: I,
    check: (input: I, maxAmount: number) => Movement,
  ): Promise<Transaction> {
    try {
      // `commit` itself never throws: this catches a bad input alone.
      return this.commit(kind, check(input, this.limits.maxAmount));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The ledger entry that commits `movement` as a `kind` transaction at `now`, on shard slot `slot` (by default the next one). */
  ledgerEntry(
    kind: TransactionKind,
    movement: Movement,
    links: CommitLinks,
    now: number,
    slot = this.nextSlot(),
  ): LedgerEntry {
    const { id, postings, metadata, request } = movement;
    return {
      transaction: {
        id,
        kind,
        postings,
        metadata,
        holdId: links.holdId ?? null,
        refundOf: links.refundOf ?? null,
        createdAt: now,
      },
      request,
      slot,
      maxBalance: this.limits.maxBalance,
      captureHold: links.captureHold,
      refunds: links.refunds,
    };
  }

  /**
   * The transaction a commit of `movement` returned: a replay of another
   * request is `IDEMPOTENCY_CONFLICT`; a new write emits its events.
   */
  settleCommit(
    outcome: WriteOutcome<Transaction>,
    movement: Pick<Movement, 'id' | 'request'>,
    links: Pick<CommitLinks, 'holdId'> = NO_LINKS,
  ): Transaction {
    const transaction = replayed(outcome, 'transaction', movement.id, movement.request);
    if (outcome.status === 'created') {
      this.events.emit('transaction', transaction);
      if (links.holdId) void this.#emitHold(links.holdId);
    }
    return transaction;
  }

  async #emitHold(holdId: string): Promise<void> {
    if (this.events.listenerCount('hold') === 0) return;
    const stored = await this.store.getHold(holdId);
    if (stored) this.events.emit('hold', stored.hold);
  }

  /** A shard slot for the next write: consecutive writes spread over a sharded account's rows. */
  nextSlot(): number {
    this.#slot = (this.#slot + 1) & 0x3fffffff;
    return this.#slot;
  }
}

/** The record an idempotent write returned, unless a duplicate id came with another request (`IDEMPOTENCY_CONFLICT`). */
export function replayed<T>(outcome: WriteOutcome<T>, kind: string, id: string, request: StoredRequest): T {
  if (outcome.status === 'duplicate' && !sameRequest(outcome.request, request)) throw idempotencyConflict(kind, id);
  return outcome.record;
}

/** The stored transaction `id` when `request` replays the one that created it; otherwise `IDEMPOTENCY_CONFLICT`. */
export function replayOf(stored: StoredTransaction | null, id: string, request: StoredRequest): Transaction {
  if (!stored || !sameRequest(stored.request, request)) throw idempotencyConflict('transaction', id);
  return stored.transaction;
}
