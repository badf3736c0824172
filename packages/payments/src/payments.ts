import { PaymentsContext } from './context.js';
import { type CreditOutcome, creditPayment, SAVE_METHOD_FIELD } from './credit.js';
import { invalidInput, PaymentError } from './errors.js';
import {
  type ChargeSavedMethodInput,
  type ConfirmTopUpInput,
  checkId,
  checkStartTopUp,
  type RefundTopUpInput,
  type StartTopUpInput,
} from './inputs.js';
import type { PaymentsOptions } from './options.js';
import type { PaymentEvent, SavedMethodDetails, WebhookHeaders } from './provider.js';
import { refundTopUp } from './refund-top-up.js';
import { chargeSavedMethod, type SavedMethodChargeResult } from './saved-method.js';
import type { PaymentOrder, PaymentRefund } from './store.js';

/** What a webhook did: the translated event, and the order or refund it touched. */
export interface WebhookOutcome {
  readonly event: PaymentEvent;
  readonly order: PaymentOrder | null;
  readonly refund: PaymentRefund | null;
  /** The method a captured payment saved, reported once (see {@link CreditOutcome.savedMethod}); store it for the order's user. */
  readonly savedMethod: SavedMethodDetails | null;
}

/**
 * Top-ups and their refunds at one payment provider. A wallet is credited
 * only for a payment the provider reports captured through a verified
 * channel, once, keyed by the provider's payment id: a replayed webhook, a
 * retry and the webhook racing the client's confirmation all credit once.
 *
 * @example
 * ```ts
 * const payments = createPayments({ wallet, store: createMemoryPaymentStore(), provider });
 * const order = await payments.startTopUp({ id: 'order-1', userId: 'user:1', amount: 50_000 });
 * // the client opens the provider's checkout with order.checkout; the provider calls the webhook:
 * await payments.handleWebhook(rawBody, request.headers);
 * ```
 */
export class Payments {
  readonly #context: PaymentsContext;

  constructor(options: PaymentsOptions) {
    this.#context = new PaymentsContext(options);
  }

  /** The provider's name, as stored on every order. */
  get provider(): string {
    return this.#context.provider;
  }

  /** Opens an order at the provider; starting the same `id` again returns the stored order. */
  async startTopUp(input: StartTopUpInput): Promise<PaymentOrder> {
    const context = this.#context;
    const { store, provider, clock, limits } = context.options;
    const request = checkStartTopUp(input, limits);
    const existing = await store.getOrder(request.id);
    if (existing) return this.#sameOrder(existing, request);
    if (request.saveMethod && !provider.chargeSavedMethod) {
      throw new PaymentError('SAVED_METHOD_UNSUPPORTED', `${provider.name} cannot charge saved methods`);
    }
    await context.assertWallet(request.userId);
    const checkout = await context.call('create an order', () =>
      provider.createCheckout({ orderId: request.id, ...request, currency: limits.currency }),
    );
    // Written here, not by the provider: only an order the user asked to save through reports a saved method.
    const saving: Record<string, number> = request.saveMethod ? { [SAVE_METHOD_FIELD]: 1 } : {};
    // Two racing starts both reach the provider; the store keeps one order and the other stays unpaid there.
    const { record } = await store.insertOrder({
      ...request,
      provider: provider.name,
      providerOrderId: checkout.providerOrderId,
      currency: limits.currency,
      status: 'created',
      paymentId: null,
      failureReason: null,
      checkout: { ...checkout.checkout, ...saving },
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
    const { provider } = this.#context.options;
    const payment = await this.#context.call('verify the payment', () =>
      provider.verifyConfirmation(input.confirmation),
    );
    return await creditPayment(this.#context, payment, userId);
  }

  /** Verifies and applies a provider webhook; throws with a code, having written nothing, when it is not genuine or does not fit. */
  async handleWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders): Promise<WebhookOutcome> {
    const context = this.#context;
    const { provider, store } = context.options;
    const event = await context.call('parse a webhook', () => provider.parseWebhook(rawBody, headers));
    switch (event.type) {
      case 'payment.captured': {
        const { order, savedMethod } = await creditPayment(context, event.payment);
        return { event, order, refund: null, savedMethod };
      }
      case 'payment.failed': {
        const order = await context.orderOf(event.providerOrderId, event.orderId);
        return {
          event,
          order: (await store.markFailed(order.id, event.reason)) ?? order,
          refund: null,
          savedMethod: null,
        };
      }
      case 'refund.processed': {
        // A refund made in the provider's dashboard matches nothing here; the wallet was never debited for it.
        const refund = await store.settleRefund({ providerRefundId: event.providerRefundId }, 'processed');
        return { event, order: null, refund, savedMethod: null };
      }
      case 'ignored':
        return { event, order: null, refund: null, savedMethod: null };
    }
  }

  /** Charges a saved method once per order id (auto-recharge); a decline is recorded, never retried. */
  async chargeSavedMethod(input: ChargeSavedMethodInput): Promise<SavedMethodChargeResult> {
    return await chargeSavedMethod(this.#context, input);
  }

  /**
   * Refunds a top-up: debits the wallet first (refused with
   * `FUNDS_ALREADY_SPENT` when the money is spent or held), then asks the
   * provider. When the provider fails, the refund stays `pending`: call
   * again with the same `refundId` to retry it, never with a new one.
   */
  async refundTopUp(input: RefundTopUpInput): Promise<PaymentRefund> {
    return await refundTopUp(this.#context, input);
  }

  /** The order with this id, or `null`. */
  async getOrder(id: string): Promise<PaymentOrder | null> {
    return await this.#context.options.store.getOrder(checkId(id, 'id'));
  }

  /** A user's orders, newest first. */
  async ordersOf(userId: string, limit = 50): Promise<PaymentOrder[]> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw invalidInput('limit', 'must be 1 to 500');
    return await this.#context.options.store.ordersOf(checkId(userId, 'userId'), limit);
  }

  #sameOrder(order: PaymentOrder, request: StartTopUpInput): PaymentOrder {
    if (order.userId !== request.userId || order.amount !== request.amount || order.provider !== this.provider) {
      throw new PaymentError('IDEMPOTENCY_CONFLICT', `order ${request.id} was already started differently`, {
        details: { id: request.id },
      });
    }
    return order;
  }
}

/** Creates the payments service over a wallet, an order store and one provider. */
export function createPayments(options: PaymentsOptions): Payments {
  return new Payments(options);
}
