import type { Clock } from '@jyotishconnect/core';
import type Razorpay from 'razorpay';
import { z } from 'zod';
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
import { callRazorpay, createRazorpayClient } from './client.js';
import { echoedOrderId, translateWebhook } from './events.js';
import { type RazorpayContactLookup, type RazorpayProviderOptions, resolveRazorpayOptions } from './options.js';
import { chargeRecurring, contactFor } from './recurring.js';
import { savedMethodOfPayment, savingOrder } from './saving.js';
import { signatureMatches } from './signature.js';

/** The webhook signature header: hex HMAC-SHA256 of the raw body under the webhook secret. */
export const RAZORPAY_SIGNATURE_HEADER = 'x-razorpay-signature';
/** The header naming a webhook delivery; the same event redelivered keeps it. */
export const RAZORPAY_EVENT_ID_HEADER = 'x-razorpay-event-id';
/** Razorpay's longest `receipt`. */
const MAX_RECEIPT_LENGTH = 40;

const orderAnswer = z.object({ id: z.string().regex(/^order_/) });
const paymentAnswer = z.object({
  id: z.string().min(1),
  order_id: z.string().min(1).nullable(),
  amount: z.number().int().nonnegative(),
  currency: z.string().min(1),
  status: z.string(),
  notes: z.unknown().optional(),
  customer_id: z.string().nullish(),
  token_id: z.string().nullish(),
  card: z.object({ last4: z.string().nullish(), network: z.string().nullish() }).nullish(),
});
const refundAnswer = z.object({ id: z.string().min(1), status: z.enum(['pending', 'processed', 'failed']) });
const confirmationFields = z.object({
  razorpay_order_id: z.string().min(1),
  razorpay_payment_id: z.string().min(1),
  razorpay_signature: z.string().min(1),
});

/** Razorpay through its Orders API and Standard Checkout, driven by the official `razorpay` SDK. */
export class RazorpayProvider implements PaymentProvider {
  readonly name = 'razorpay';
  readonly #keyId: string;
  readonly #keySecret: string;
  readonly #webhookSecret: string;
  readonly #client: Razorpay;
  readonly #contactOf: RazorpayContactLookup | undefined;
  readonly #tokenMaxAmount: number;
  readonly #clock: Clock;

  constructor(options: RazorpayProviderOptions) {
    const resolved = resolveRazorpayOptions(options);
    this.#keyId = resolved.keyId;
    this.#keySecret = resolved.keySecret;
    this.#webhookSecret = resolved.webhookSecret;
    this.#contactOf = resolved.contactOf;
    this.#tokenMaxAmount = resolved.tokenMaxAmount;
    this.#clock = resolved.clock;
    this.#client = createRazorpayClient(resolved);
  }

  async createCheckout(request: CheckoutRequest): Promise<ProviderCheckout> {
    const { amount, currency } = request;
    const limits = { tokenMaxAmount: this.#tokenMaxAmount, now: this.#clock.now() };
    const saving = await savingOrder(this.#client, this.#keySecret, request, limits);
    const order = await this.#createOrder(request, saving.order);
    return {
      providerOrderId: order.id,
      checkout: {
        provider: this.name,
        keyId: this.#keyId,
        providerOrderId: order.id,
        amount,
        currency,
        ...saving.checkout,
      },
    };
  }

  async verifyConfirmation(confirmation: Readonly<Record<string, unknown>>): Promise<CapturedPayment> {
    const fields = confirmationFields.safeParse(confirmation);
    if (!fields.success) throw invalidSignature(this.name, 'the confirmation');
    const { razorpay_order_id: orderId, razorpay_payment_id: paymentId, razorpay_signature } = fields.data;
    if (!signatureMatches(`${orderId}|${paymentId}`, razorpay_signature, this.#keySecret)) {
      throw invalidSignature(this.name, 'the confirmation');
    }
    // The signature only says the checkout saw this pair; the amount and status come from Razorpay itself.
    const payment = await callRazorpay('fetch a payment', this.#keySecret, paymentAnswer, () =>
      this.#client.payments.fetch(paymentId),
    );
    if (payment.order_id !== orderId) throw invalidSignature(this.name, 'the confirmation');
    if (payment.status !== 'captured') {
      throw new PaymentError('PAYMENT_NOT_CAPTURED', `payment ${payment.id} is ${payment.status}, not captured`, {
        details: { paymentId: payment.id, status: payment.status },
      });
    }
    const { id, amount, currency } = payment;
    const echoed = echoedOrderId(payment.notes);
    const savedMethod = savedMethodOfPayment(payment);
    return {
      providerOrderId: payment.order_id,
      paymentId: id,
      amount,
      currency,
      ...(echoed ? { orderId: echoed } : {}),
      ...(savedMethod ? { savedMethod } : {}),
    };
  }

  /**
   * Razorpay signs the raw body but no timestamp, so there is no tolerance
   * window and `STALE_EVENT` is never thrown: a replayed webhook verifies. It
   * is safe because the credit is keyed by the payment id (a replay credits
   * nothing new) and a refund settles once by its Razorpay refund id.
   */
  async parseWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders): Promise<PaymentEvent> {
    const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
    const signature = headerOf(headers, RAZORPAY_SIGNATURE_HEADER);
    if (signature === undefined || !signatureMatches(body, signature, this.#webhookSecret)) {
      throw invalidSignature(this.name, 'the webhook');
    }
    return translateWebhook(body, headerOf(headers, RAZORPAY_EVENT_ID_HEADER));
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const { refundId, paymentId, amount } = request;
    // A refundId too long for a receipt still travels in the notes and the idempotency header.
    const receipt = refundId.length <= MAX_RECEIPT_LENGTH ? { receipt: refundId } : {};
    const refund = await callRazorpay('refund a payment', this.#keySecret, refundAnswer, () =>
      this.#client.payments.refund(paymentId, { amount, ...receipt, notes: { refundId } }),
    );
    return { providerRefundId: refund.id, status: refund.status };
  }

  /**
   * Charges a saved token (`method.methodRef`, `token_…`) of a Razorpay
   * customer as a recurring payment on a new auto-captured order. Razorpay
   * answers before the bank does, so a charge it accepts is `pending` until
   * the `payment.captured` webhook; one it refuses is `declined`.
   */
  async chargeSavedMethod(charge: SavedMethodCharge): Promise<ChargeOutcome> {
    // The contact first: a charge that cannot be sent leaves no order behind at Razorpay.
    const contact = await contactFor(this.#client, this.#keySecret, this.#contactOf, charge);
    const order = await this.#createOrder(charge, { payment_capture: true });
    const context = { client: this.#client, keySecret: this.#keySecret, providerOrderId: order.id, contact };
    return await chargeRecurring(context, charge);
  }

  /** Creates the Razorpay order of one of ours: receipt and `notes.orderId` are our order id, so webhooks can name it. */
  async #createOrder(request: CheckoutRequest, extra: Readonly<Record<string, unknown>>) {
    const { orderId: receipt, userId, amount, currency } = request;
    if (receipt.length > MAX_RECEIPT_LENGTH) {
      throw invalidInput('orderId', `must be at most ${MAX_RECEIPT_LENGTH} characters, Razorpay's receipt limit`);
    }
    const body = { amount, currency, receipt, notes: { userId, orderId: receipt }, ...extra };
    return await callRazorpay('create an order', this.#keySecret, orderAnswer, () => this.#client.orders.create(body));
  }
}

/** A header's single value; a repeated header counts as absent. */
function headerOf(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name];
  if (typeof value === 'string') return value;
  return value?.length === 1 ? value[0] : undefined;
}

/**
 * Creates the Razorpay provider; throws `INVALID_INPUT` naming a missing option.
 * @example
 * const provider = createRazorpayProvider({ keyId, keySecret, webhookSecret });
 * const payments = createPayments({ wallet, store, provider });
 */
export function createRazorpayProvider(options: RazorpayProviderOptions): RazorpayProvider {
  return new RazorpayProvider(options);
}
