import { createHash } from 'node:crypto';
import { type Clock, isJyotishError, systemClock } from '@jyotishconnect/core';
import { SYSTEM_ACCOUNTS, type Wallet } from '@jyotishconnect/wallet-store';
import { invalidInput, PaymentError, providerError } from './errors.js';
import { checkId } from './inputs.js';
import type { PayoutProvider, ProviderPayout } from './payout-provider.js';
import type { Payout, PayoutQuery, PayoutStatus, PayoutStore } from './payout-store.js';

/** Options of {@link createPayouts}. */
export interface PayoutsOptions {
  readonly wallet: Wallet;
  readonly store: PayoutStore;
  readonly provider: PayoutProvider;
  readonly clock?: Clock;
  /** ISO 4217 code of every payout; default `INR`. */
  readonly currency?: string;
  /** The smallest payout in minor units; default 100. */
  readonly minPayout?: number;
}

/** How a payout ended, as an operator or a provider reports it. */
export type PayoutOutcome = 'paid' | 'failed' | 'reversed';

const OPEN: readonly PayoutStatus[] = ['requested', 'processing'];
const PAID: readonly PayoutStatus[] = ['paid'];

/** Each outcome: the statuses it settles from, and its wallet movement (key prefix, from, to the consultant or out). */
const MOVES: Readonly<
  Record<PayoutOutcome, { from: readonly PayoutStatus[]; prefix: string; source: string; toConsultant: boolean }>
> = {
  paid: { from: OPEN, prefix: 'payout-paid', source: SYSTEM_ACCOUNTS.payouts, toConsultant: false },
  failed: { from: OPEN, prefix: 'payout-returned', source: SYSTEM_ACCOUNTS.payouts, toConsultant: true },
  // The money had left the platform: it comes back in from outside.
  reversed: { from: PAID, prefix: 'payout-reversed', source: SYSTEM_ACCOUNTS.funding, toConsultant: true },
};

/** Input of {@link Payouts.requestPayout}. */
export interface RequestPayoutInput {
  /** The client's idempotency key: one key of one consultant is one payout, however often it is sent. */
  readonly key: string;
  readonly consultantId: string;
  readonly amount: number;
}

/** The payout id a consultant's key names: stable per (consultant, key), never shared by two consultants. */
export function payoutIdOf(consultantId: string, key: string): string {
  return `payout_${createHash('sha256').update(`${consultantId}\n${key}`).digest('hex').slice(0, 32)}`;
}

/**
 * Consultant payouts. Requesting one moves the earnings into
 * `system:payouts` at once (so they cannot be spent or paid twice); the
 * provider's outcome then moves them out of the platform, or back to the
 * consultant. Every wallet movement is keyed by the payout id.
 */
export class Payouts {
  readonly #wallet: Wallet;
  readonly #store: PayoutStore;
  readonly #provider: PayoutProvider;
  readonly #clock: Clock;
  readonly #currency: string;
  readonly #minPayout: number;

  constructor(options: PayoutsOptions) {
    this.#wallet = options.wallet;
    this.#store = options.store;
    this.#provider = options.provider;
    this.#clock = options.clock ?? systemClock;
    this.#currency = options.currency ?? 'INR';
    this.#minPayout = options.minPayout ?? 100;
    if (!Number.isSafeInteger(this.#minPayout) || this.#minPayout < 1) throw invalidInput('minPayout', 'must be ≥ 1');
  }

  /**
   * Requests a payout once per key. A retry with the same key and amount
   * answers the same payout (and asks the provider again if it never
   * answered); another amount under the key is `IDEMPOTENCY_CONFLICT`.
   */
  async requestPayout(input: RequestPayoutInput): Promise<Payout> {
    const consultantId = checkId(input?.consultantId, 'consultantId');
    const key = checkId(input.key, 'key');
    if (!Number.isSafeInteger(input.amount) || input.amount < 1)
      throw invalidInput('amount', 'must be a whole number ≥ 1');
    if (input.amount < this.#minPayout) {
      throw new PaymentError('BELOW_MINIMUM_PAYOUT', `the minimum payout is ${this.#minPayout}`, {
        details: { field: 'amount', minPayout: this.#minPayout },
      });
    }
    const id = payoutIdOf(consultantId, key);
    const existing = await this.#store.getPayout(id);
    if (existing && existing.amount !== input.amount) {
      throw new PaymentError('IDEMPOTENCY_CONFLICT', `payout key ${key} was already used for another amount`, {
        details: { payoutId: id },
      });
    }
    if (existing && existing.status !== 'requested') return existing;
    // The wallet's zero floor refuses more than the consultant has; the id makes a retry move nothing twice.
    await this.#wallet.transfer({
      id: `payout:${id}`,
      from: consultantId,
      to: SYSTEM_ACCOUNTS.payouts,
      amount: input.amount,
      metadata: { payoutId: id, provider: this.#provider.name },
    });
    const { record } = await this.#store.insertPayout({
      id,
      consultantId,
      amount: input.amount,
      currency: this.#currency,
      provider: this.#provider.name,
      status: 'requested',
      providerPayoutId: null,
      note: null,
      createdAt: this.#clock.now(),
      settledAt: null,
    });
    return await this.#submit(record);
  }

  /**
   * Settles a payout: `paid` moves its money out of the platform, `failed`
   * returns it to the consultant, `reversed` returns a paid payout the bank
   * sent back (before it was paid, a reversal is a failure). Settling again
   * the same way is harmless; another way is `PAYOUT_ALREADY_SETTLED`.
   */
  async settlePayout(id: string, outcome: PayoutOutcome, note: string | null = null): Promise<Payout> {
    const payoutId = checkId(id, 'id');
    const current = await this.#store.getPayout(payoutId);
    if (!current) throw new PaymentError('PAYOUT_NOT_FOUND', `no payout ${payoutId}`);
    const settledAs =
      outcome === 'reversed' && current.status !== 'paid' && current.status !== 'reversed' ? 'failed' : outcome;
    const move = MOVES[settledAs];
    const settled = await this.#store.transitionPayout(payoutId, {
      from: move.from,
      to: settledAs,
      note,
      settledAt: this.#clock.now(),
    });
    if (settled?.status !== settledAs) {
      throw new PaymentError('PAYOUT_ALREADY_SETTLED', `payout ${payoutId} is already ${settled?.status}`, {
        details: { payoutId, status: settled?.status },
      });
    }
    // Also after a crash between the two writes: the transfer's id makes this a no-op when it already ran.
    await this.#wallet.transfer({
      id: `${move.prefix}:${payoutId}`,
      from: move.source,
      to: move.toConsultant ? settled.consultantId : SYSTEM_ACCOUNTS.funding,
      amount: settled.amount,
      metadata: { payoutId, provider: settled.provider },
    });
    return settled;
  }

  /** Verifies and applies a payout webhook of the provider. */
  async handlePayoutWebhook(rawBody: string | Uint8Array, headers: Readonly<Record<string, unknown>>): Promise<Payout> {
    const parse = this.#provider.parsePayoutWebhook;
    if (!parse) throw invalidInput('provider', `${this.#provider.name} sends no payout webhooks`);
    const event = await parse.call(this.#provider, rawBody, headers);
    return await this.settlePayout(event.payoutId, event.outcome, event.reason);
  }

  /** The payout with this id, or `null`. */
  async getPayout(id: string): Promise<Payout | null> {
    return await this.#store.getPayout(checkId(id, 'id'));
  }

  /** Payouts newest first: a consultant's, or all waiting for an operator (`status: 'requested'`). */
  async listPayouts(query: PayoutQuery): Promise<Payout[]> {
    if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > 500) {
      throw invalidInput('limit', 'must be 1 to 500');
    }
    return await this.#store.listPayouts(query);
  }

  async #submit(payout: Payout): Promise<Payout> {
    let answer: ProviderPayout;
    try {
      answer = await this.#provider.createPayout({
        payoutId: payout.id,
        consultantId: payout.consultantId,
        amount: payout.amount,
        currency: payout.currency,
      });
    } catch (error) {
      // The earnings stay in `system:payouts` and the payout `requested`: the same key retries it.
      if (isJyotishError(error)) throw error;
      throw providerError(this.#provider.name, 'create a payout', error);
    }
    if (answer.status === 'processed') return await this.settlePayout(payout.id, 'paid');
    if (answer.status === 'failed') return await this.settlePayout(payout.id, 'failed', 'refused by the provider');
    if (answer.status === 'queued') return payout;
    const moved = await this.#store.transitionPayout(payout.id, {
      from: ['requested'],
      to: 'processing',
      providerPayoutId: answer.providerPayoutId,
    });
    return moved ?? payout;
  }
}

/** Creates the payouts service over a wallet, a payout store and one payout provider. */
export function createPayouts(options: PayoutsOptions): Payouts {
  return new Payouts(options);
}
