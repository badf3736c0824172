import { isJyotishError } from '@jyotishconnect/core';
import { assertClaimedBy, assertPaysOrder, topUpTransactionId } from './credit.js';
import { invalidInput, PaymentError, providerError } from './errors.js';
import {
  type ConfirmTopUpInput,
  checkId,
  checkRefundTopUp,
  checkStartTopUp,
  type RefundTopUpInput,
  type StartTopUpInput,
} from './inputs.js';
import { type PaymentsOptions, resolveOptions } from './options.js';
import type { CapturedPayment, PaymentEvent, WebhookHeaders } from './provider.js';
import type { PaymentOrder, PaymentRefund } from './store.js';

/** What a webhook did: the translated event, and the order or refund it touched. */
export interface WebhookOutcome {
  readonly event: PaymentEvent;
  readonly order: PaymentOrder | null;
  readonly refund: PaymentRefund | null;
}

/** A captured payment credited to its order's wallet (or found credited already). */
export interface CreditOutcome {
  readonly order: PaymentOrder;
  /** The wallet transaction of the credit, `payment:<provider>:<paymentId>`. */
  readonly transactionId: string;
}

/**
 * Top-ups and their refunds at one payment provider. A wallet is credited
 * only for a payment the provider reports captured through a verified
 * channel, once, keyed by the provider's payment id: a replayed webhook, a
 * retry and the webhook racing the client's confirmation all credit once.
 */
export class Payments {
  readonly #options: ReturnType<typeof resolveOptions>;

  constructor(options: PaymentsOptions) {
    this.#options = resolveOptions(options);
  }

  /** The provider's name, as stored on every order. */
  get provider(): string {
    return this.#options.provider.name;
  }

  /** Opens an order at the provider; starting the same `id` again returns the stored order. */
  async startTopUp(input: StartTopUpInput): Promise<PaymentOrder> {
    const { store, provider, wallet, clock, limits } = this.#options;
    const request = checkStartTopUp(input, limits);
    const existing = await store.getOrder(request.id);
    if (existing) return this.#sameOrder(existing, request);

    const account = await wallet.getAccount(request.userId);
    if (!account) throw invalidInput('userId', 'has no wallet');
    if (account.currency !== limits.currency) {
      throw new PaymentError('CURRENCY_MISMATCH', `wallet ${request.userId} holds ${account.currency}`, {
        details: { userId: request.userId, currency: account.currency },
      });
    }
    const checkout = await this.#call('create an order', () =>
      provider.createCheckout({ orderId: request.id, ...request, currency: limits.currency }),
    );
    // Two racing starts both reach the provider; the store keeps one order and the other stays unpaid there.
    const { record } = await store.insertOrder({
      ...request,
      provider: provider.name,
      providerOrderId: checkout.providerOrderId,
      currency: limits.currency,
      status: 'created',
      paymentId: null,
      failureReason: null,
      checkout: checkout.checkout,
      createdAt: clock.now(),
      paidAt: null,
    });
    return this.#sameOrder(record, request);
  }

  /** Credits the payment the client's checkout returned, after the provider confirms it captured. */
  async confirmTopUp(input: ConfirmTopUpInput): Promise<CreditOutcome> {
    const userId = checkId(input?.userId, 'userId');
    if (typeof input.confirmation !== 'object' || input.confirmation === null) {
      throw invalidInput('confirmation', 'must be an object');
    }
    const payment = await this.#call('verify the payment', () =>
      this.#options.provider.verifyConfirmation(input.confirmation),
    );
    return await this.#credit(payment, userId);
  }

  /** Verifies and applies a provider webhook; throws with a code, having written nothing, when it is not genuine or does not fit. */
  async handleWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders): Promise<WebhookOutcome> {
    const { provider, store } = this.#options;
    const event = await this.#call('parse a webhook', () => provider.parseWebhook(rawBody, headers));
    switch (event.type) {
      case 'payment.captured':
        return { event, order: (await this.#credit(event.payment)).order, refund: null };
      case 'payment.failed': {
        const order = await this.#orderOf(event.providerOrderId);
        return { event, order: (await store.markFailed(order.id, event.reason)) ?? order, refund: null };
      }
      case 'refund.processed': {
        // A refund made in the provider's dashboard matches nothing here; the wallet was never debited for it.
        const refund = await store.settleRefund({ providerRefundId: event.providerRefundId }, 'processed');
        return { event, order: null, refund };
      }
      case 'ignored':
        return { event, order: null, refund: null };
    }
  }

  /**
   * Refunds a top-up: debits the wallet first (refused with
   * `FUNDS_ALREADY_SPENT` when the money is spent or held), then asks the
   * provider. When the provider fails, the refund stays `pending`: call
   * again with the same `refundId` to retry it, never with a new one.
   */
  async refundTopUp(input: RefundTopUpInput): Promise<PaymentRefund> {
    const { store, provider, clock } = this.#options;
    const request = checkRefundTopUp(input);
    const order = await store.getOrder(request.orderId);
    if (!order) throw new PaymentError('ORDER_NOT_FOUND', `no order ${request.orderId}`);
    if (order.status !== 'paid' || order.paymentId === null) {
      throw new PaymentError('PAYMENT_NOT_CAPTURED', `order ${order.id} is ${order.status}, not paid`);
    }
    const paymentId = order.paymentId;
    const debit = await this.#debitForRefund(order, paymentId, request);
    const amount = -(debit.postings.find((posting) => posting.accountId === order.userId)?.amount ?? 0);
    const { record } = await store.insertRefund({
      id: request.refundId,
      orderId: order.id,
      paymentId,
      amount,
      status: 'pending',
      providerRefundId: null,
      createdAt: clock.now(),
    });
    if (record.orderId !== order.id || record.amount !== amount) {
      throw new PaymentError('IDEMPOTENCY_CONFLICT', `refund ${request.refundId} was already used differently`);
    }
    if (record.status !== 'pending') return record;
    const answer = await this.#call('refund', () =>
      provider.refund({ refundId: record.id, paymentId, amount: record.amount }),
    );
    return (await store.settleRefund({ id: record.id }, answer.status, answer.providerRefundId)) ?? record;
  }

  /** The order with this id, or `null`. */
  async getOrder(id: string): Promise<PaymentOrder | null> {
    return await this.#options.store.getOrder(checkId(id, 'id'));
  }

  /** A user's orders, newest first. */
  async ordersOf(userId: string, limit = 50): Promise<PaymentOrder[]> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw invalidInput('limit', 'must be 1 to 500');
    return await this.#options.store.ordersOf(checkId(userId, 'userId'), limit);
  }

  async #credit(payment: CapturedPayment, userId?: string): Promise<CreditOutcome> {
    const { store, wallet, clock, provider } = this.#options;
    const order = await this.#orderOf(payment.providerOrderId);
    if (userId !== undefined && order.userId !== userId) {
      throw new PaymentError('ORDER_NOT_FOUND', `no order ${payment.providerOrderId} of this user`);
    }
    assertPaysOrder(order, payment);
    // Claim before crediting: two different payments of one order can never both reach the wallet.
    const claimed = (await store.claimPayment(order.id, payment.paymentId, clock.now())) ?? order;
    assertClaimedBy(claimed, payment.paymentId);
    const transactionId = topUpTransactionId(provider.name, payment.paymentId);
    await wallet.topUp({
      id: transactionId,
      to: order.userId,
      amount: order.amount,
      metadata: { orderId: order.id, provider: provider.name, paymentId: payment.paymentId },
    });
    return { order: claimed, transactionId };
  }

  async #debitForRefund(order: PaymentOrder, paymentId: string, request: RefundTopUpInput) {
    try {
      return await this.#options.wallet.refund({
        id: `payment-refund:${request.refundId}`,
        transactionId: topUpTransactionId(order.provider, paymentId),
        ...(request.amount === undefined ? {} : { amount: request.amount }),
        metadata: { orderId: order.id, refundId: request.refundId },
      });
    } catch (error) {
      if (isJyotishError(error, 'INSUFFICIENT_FUNDS')) {
        throw new PaymentError('FUNDS_ALREADY_SPENT', `the money of order ${order.id} is already spent or held`, {
          cause: error,
          details: { orderId: order.id },
        });
      }
      if (isJyotishError(error, 'REFUND_EXCEEDS_ORIGINAL')) {
        throw new PaymentError('REFUND_EXCEEDS_PAYMENT', `order ${order.id} has less left to refund`, {
          cause: error,
          details: { orderId: order.id, ...error.details },
        });
      }
      throw error;
    }
  }

  async #orderOf(providerOrderId: string): Promise<PaymentOrder> {
    const order = await this.#options.store.findOrderByProviderId(this.provider, providerOrderId);
    if (!order) throw new PaymentError('ORDER_NOT_FOUND', `no order ${providerOrderId} at ${this.provider}`);
    return order;
  }

  #sameOrder(order: PaymentOrder, request: StartTopUpInput): PaymentOrder {
    if (order.userId !== request.userId || order.amount !== request.amount || order.provider !== this.provider) {
      throw new PaymentError('IDEMPOTENCY_CONFLICT', `order ${request.id} was already started differently`, {
        details: { id: request.id },
      });
    }
    return order;
  }

  /** Runs a provider call; anything but a coded error becomes `PROVIDER_ERROR` (network, 5xx, SDK bugs). */
  async #call<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isJyotishError(error)) throw error;
      throw providerError(this.provider, operation, error);
    }
  }
}

/** Creates the payments service over a wallet, an order store and one provider. */
export function createPayments(options: PaymentsOptions): Payments {
  return new Payments(options);
}
