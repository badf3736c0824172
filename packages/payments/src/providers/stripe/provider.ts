import Stripe from 'stripe';
import { invalidInput, invalidSignature, PaymentError } from '../../errors.js';
import type {
  CapturedPayment,
  ChargeOutcome,
  CheckoutRequest,
  PaymentEvent,
  PaymentProvider,
  ProviderCheckout,
  ProviderRefund,
  RefundRequest,
  SavedMethodCharge,
  WebhookHeaders,
} from '../../provider.js';
import { capturedPaymentOf, translateEvent } from './events.js';
import { stripeFailure, verifiedEvent } from './failures.js';
import { chargeOutcomeOf, declineOf, offSessionIntentParams } from './off-session.js';
import { type ResolvedStripeOptions, resolveStripeOptions, type StripeProviderOptions } from './options.js';
import { savedMethodOf, savingParams } from './saving.js';

/** The header Stripe signs webhooks in: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const STRIPE_SIGNATURE_HEADER = 'stripe-signature';

const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9]{1,250}$/;

const refundStatuses: Readonly<Record<string, ProviderRefund['status']>> = {
  succeeded: 'processed',
  pending: 'pending',
  requires_action: 'pending',
  failed: 'failed',
  canceled: 'failed',
};

/**
 * Stripe through PaymentIntents: a checkout is a PaymentIntent confirmed by
 * Stripe.js in the browser; its id is both the provider order id and the
 * payment id, so the wallet credit of a top-up is keyed by the intent id. A
 * saved card is charged the same way, the intent confirmed off-session by the
 * server; our order id rides in its metadata and comes back in every event.
 */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe';
  readonly #options: ResolvedStripeOptions;
  readonly #stripe: Stripe;
  readonly #secrets: readonly string[];

  constructor(options: StripeProviderOptions) {
    this.#options = resolveStripeOptions(options);
    const { secretKey, webhookSecret, api, maxNetworkRetries } = this.#options;
    this.#secrets = [secretKey, webhookSecret];
    this.#stripe = new Stripe(secretKey, {
      ...(api ?? {}),
      ...(maxNetworkRetries === undefined ? {} : { maxNetworkRetries }),
    });
  }

  async createCheckout(request: CheckoutRequest): Promise<ProviderCheckout> {
    const saving = await this.#call('create a customer', () => savingParams(this.#stripe, request));
    const intent = await this.#call('create a payment intent', () =>
      this.#stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          metadata: { orderId: request.orderId, userId: request.userId },
          automatic_payment_methods: { enabled: true },
          ...saving,
        },
        { idempotencyKey: `order:${request.orderId}` },
      ),
    );
    if (!intent.client_secret) {
      throw new PaymentError('PROVIDER_ERROR', `stripe returned intent ${intent.id} without a client secret`, {
        details: { provider: this.name, operation: 'create a payment intent' },
      });
    }
    return {
      providerOrderId: intent.id,
      checkout: {
        provider: this.name,
        publishableKey: this.#options.publishableKey,
        clientSecret: intent.client_secret,
        providerOrderId: intent.id,
        amount: request.amount,
        currency: request.currency,
      },
    };
  }

  /** Reads `{ payment_intent }` (what Stripe.js redirects with) and asks Stripe for that intent; the client's word is not trusted. */
  async verifyConfirmation(confirmation: Readonly<Record<string, unknown>>): Promise<CapturedPayment> {
    const id = confirmation.payment_intent;
    if (typeof id !== 'string' || !PAYMENT_INTENT_ID.test(id)) {
      throw invalidInput('payment_intent', 'must be a PaymentIntent id (pi_…)');
    }
    const retrieve = () => this.#stripe.paymentIntents.retrieve(id, { expand: ['payment_method'] });
    const intent = await this.#call('retrieve a payment intent', retrieve, {
      404: () => new PaymentError('ORDER_NOT_FOUND', `stripe knows no payment intent ${id}`, { details: { id } }),
    });
    if (intent.status !== 'succeeded') {
      throw new PaymentError('PAYMENT_NOT_CAPTURED', `payment intent ${intent.id} is ${intent.status}`, {
        details: { paymentId: intent.id, status: intent.status },
      });
    }
    return await this.#captured(intent);
  }

  async parseWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders): Promise<PaymentEvent> {
    const header = headers[STRIPE_SIGNATURE_HEADER];
    if (typeof header !== 'string' || header.length === 0) throw invalidSignature(this.name, 'the webhook');
    const { webhookSecret, toleranceSeconds, clock } = this.#options;
    const event = await verifiedEvent(this.#stripe, rawBody, header, webhookSecret, toleranceSeconds, clock.now());
    const translated = translateEvent(event);
    if (translated.type !== 'payment.captured' || event.type !== 'payment_intent.succeeded') return translated;
    return { ...translated, payment: await this.#captured(event.data.object) };
  }

  /** The captured payment of a succeeded intent, with the card it saved when it was created to save one. */
  async #captured(intent: Stripe.PaymentIntent): Promise<CapturedPayment> {
    const savedMethod = await this.#call('retrieve a payment method', () => savedMethodOf(this.#stripe, intent));
    return { ...capturedPaymentOf(intent), ...(savedMethod ? { savedMethod } : {}) };
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const refund = await this.#call('create a refund', () =>
      this.#stripe.refunds.create(
        { payment_intent: request.paymentId, amount: request.amount, metadata: { refundId: request.refundId } },
        { idempotencyKey: `refund:${request.refundId}` },
      ),
    );
    // An unknown or absent status is not a success: the refund stays pending until a webhook settles it.
    return { providerRefundId: refund.id, status: refundStatuses[refund.status ?? ''] ?? 'pending' };
  }

  /**
   * Charges a saved card off-session: one PaymentIntent created and confirmed
   * under `order:<orderId>`, so a retry of a lost answer is replayed by
   * Stripe, never charged twice. A 402 card error is a decline, not a fault.
   */
  async chargeSavedMethod(charge: SavedMethodCharge): Promise<ChargeOutcome> {
    const operation = 'charge a saved method';
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.#stripe.paymentIntents.create(offSessionIntentParams(charge), {
        idempotencyKey: `order:${charge.orderId}`,
      });
    } catch (error) {
      const declined = declineOf(error);
      if (declined) return declined;
      throw stripeFailure(operation, error, this.#secrets);
    }
    return chargeOutcomeOf(intent);
  }

  async #call<T>(
    operation: string,
    call: () => Promise<T>,
    byStatus: Readonly<Record<number, () => PaymentError>> = {},
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const status = error instanceof Stripe.errors.StripeError ? error.statusCode : undefined;
      const mapped = status === undefined ? undefined : byStatus[status];
      throw mapped ? mapped() : stripeFailure(operation, error, this.#secrets);
    }
  }
}

/**
 * Creates the Stripe provider; throws `INVALID_INPUT` naming the bad option.
 *
 * @example
 * const provider = createStripeProvider({
 *   secretKey: config.stripe.secretKey, // sk_live_… or sk_test_…, server only
 *   publishableKey: config.stripe.publishableKey,
 *   webhookSecret: config.stripe.webhookSecret, // whsec_… of the webhook endpoint
 * });
 * const payments = createPayments({ wallet, store, provider, limits: { currency: 'INR' } });
 */
export function createStripeProvider(options: StripeProviderOptions): StripeProvider {
  return new StripeProvider(options);
}
