import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Clock, systemClock } from '@jyotishconnect/core';
import { invalidSignature, PaymentError } from '../errors.js';
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
  SavedMethodDetails,
  WebhookHeaders,
} from '../provider.js';

/** Options of {@link createSimulatedProvider}. */
export interface SimulatedProviderOptions {
  /** Signs webhooks and confirmations, like a provider's webhook secret. */
  readonly secret: string;
  readonly clock?: Clock;
  /** How old a webhook may be, in seconds; default 300. */
  readonly toleranceSeconds?: number;
}

/** What paying at the simulated provider hands back: the client's confirmation and the webhook the provider sends. */
export interface SimulatedPayment {
  readonly paymentId: string;
  readonly confirmation: Readonly<Record<string, string>>;
  readonly webhook: { readonly body: string; readonly headers: Readonly<Record<string, string>> };
}

/** Options of {@link SimulatedProvider.pay}: what the customer's bank does. */
export interface SimulatedPayOptions {
  /** Captured amount; defaults to the order's (a different one tests the amount check). */
  readonly amount?: number;
  readonly currency?: string;
  /** Declines the payment: the webhook says `payment.failed`. */
  readonly decline?: boolean;
}

/** The card a simulated checkout saves when asked to: a demo Visa, `card_demo`, charged by nobody. */
export function simulatedSavedMethod(request: CheckoutRequest): SavedMethodDetails {
  const customerRef = request.saveMethod?.customerRef ?? `sim_cust_${request.userId}`;
  return { customerRef, methodRef: 'card_demo', brand: 'visa', last4: '4242' };
}

/** The saved method a simulated webhook carries, when it is one. */
function savedMethodIn(value: unknown): SavedMethodDetails | undefined {
  const method = value as Partial<Record<keyof SavedMethodDetails, unknown>> | null | undefined;
  if (typeof method?.customerRef !== 'string' || typeof method.methodRef !== 'string') return undefined;
  const { customerRef, methodRef, brand, last4 } = method;
  return {
    customerRef,
    methodRef,
    ...(typeof brand === 'string' ? { brand } : {}),
    ...(typeof last4 === 'string' ? { last4 } : {}),
  };
}

/** The signature header of simulated webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIMULATED_SIGNATURE_HEADER = 'x-simulated-signature';

interface OrderAtProvider {
  readonly request: CheckoutRequest;
  readonly captured: Map<string, CapturedPayment>;
}

/**
 * A provider that runs in this process, for demo mode and tests only: it
 * signs and verifies the way real providers do (HMAC over the raw body with a
 * timestamp), so the payment rules are exercised end to end without a network.
 */
export class SimulatedProvider implements PaymentProvider {
  readonly name = 'simulated';
  readonly #secret: string;
  readonly #clock: Clock;
  readonly #toleranceMs: number;
  readonly #orders = new Map<string, OrderAtProvider>();
  readonly #refunds = new Map<string, ProviderRefund>();

  constructor(options: SimulatedProviderOptions) {
    if (typeof options.secret !== 'string' || options.secret.length < 16) {
      throw new PaymentError('INVALID_INPUT', 'secret must be at least 16 characters', {
        details: { field: 'secret' },
      });
    }
    this.#secret = options.secret;
    this.#clock = options.clock ?? systemClock;
    this.#toleranceMs = (options.toleranceSeconds ?? 300) * 1000;
  }

  async createCheckout(request: CheckoutRequest): Promise<ProviderCheckout> {
    const providerOrderId = `sim_order_${randomUUID()}`;
    this.#orders.set(providerOrderId, { request, captured: new Map() });
    return { providerOrderId, checkout: { provider: this.name, providerOrderId, amount: request.amount } };
  }

  /** Pays an order as a customer would; returns the confirmation and the signed webhook. */
  pay(providerOrderId: string, options: SimulatedPayOptions = {}): SimulatedPayment {
    const order = this.#orders.get(providerOrderId);
    if (!order) throw new PaymentError('ORDER_NOT_FOUND', `no simulated order ${providerOrderId}`);
    const paymentId = `sim_pay_${randomUUID()}`;
    const payment: CapturedPayment = {
      providerOrderId,
      paymentId,
      amount: options.amount ?? order.request.amount,
      currency: options.currency ?? order.request.currency,
      ...(order.request.saveMethod ? { savedMethod: simulatedSavedMethod(order.request) } : {}),
    };
    if (!options.decline) order.captured.set(paymentId, payment);
    const event = options.decline
      ? { id: `sim_evt_${randomUUID()}`, type: 'payment.failed', providerOrderId, paymentId, reason: 'declined' }
      : { id: `sim_evt_${randomUUID()}`, type: 'payment.captured', ...payment };
    return {
      paymentId,
      confirmation: { providerOrderId, paymentId, signature: this.#sign(`${providerOrderId}|${paymentId}`) },
      webhook: { body: JSON.stringify(event), headers: this.signWebhook(JSON.stringify(event)) },
    };
  }

  /** Signs a webhook body as the provider would now: the headers to send with it. */
  signWebhook(body: string, at = this.#clock.now()): Record<string, string> {
    const t = Math.floor(at / 1000);
    return { [SIMULATED_SIGNATURE_HEADER]: `t=${t},v1=${this.#sign(`${t}.${body}`)}` };
  }

  async verifyConfirmation(confirmation: Readonly<Record<string, unknown>>): Promise<CapturedPayment> {
    const { providerOrderId, paymentId, signature } = confirmation;
    if (typeof providerOrderId !== 'string' || typeof paymentId !== 'string' || typeof signature !== 'string') {
      throw invalidSignature(this.name, 'the confirmation');
    }
    if (!this.#matches(`${providerOrderId}|${paymentId}`, signature)) {
      throw invalidSignature(this.name, 'the confirmation');
    }
    const payment = this.#orders.get(providerOrderId)?.captured.get(paymentId);
    if (!payment) throw new PaymentError('PAYMENT_NOT_CAPTURED', `payment ${paymentId} is not captured`);
    return payment;
  }

  async parseWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders): Promise<PaymentEvent> {
    const body = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
    const header = headers[SIMULATED_SIGNATURE_HEADER];
    const match = typeof header === 'string' ? /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header) : null;
    if (!match?.[1] || !match[2] || !this.#matches(`${match[1]}.${body}`, match[2])) {
      throw invalidSignature(this.name, 'the webhook');
    }
    if (Math.abs(this.#clock.now() - Number(match[1]) * 1000) > this.#toleranceMs) {
      throw new PaymentError('STALE_EVENT', 'the webhook is older than the tolerance; a replay is refused');
    }
    const event = JSON.parse(body) as Record<string, unknown>;
    const eventId = String(event.id);
    if (event.type === 'payment.captured') {
      const { providerOrderId, paymentId, amount, currency } = event;
      const savedMethod = savedMethodIn(event.savedMethod);
      return {
        type: 'payment.captured',
        eventId,
        payment: {
          providerOrderId: String(providerOrderId),
          paymentId: String(paymentId),
          amount: Number(amount),
          currency: String(currency),
          ...(savedMethod ? { savedMethod } : {}),
        },
      };
    }
    if (event.type === 'payment.failed') {
      return {
        type: 'payment.failed',
        eventId,
        providerOrderId: String(event.providerOrderId),
        paymentId: String(event.paymentId),
        reason: String(event.reason),
      };
    }
    return { type: 'ignored', eventId, providerType: String(event.type) };
  }

  /** Charges a saved method at once; a method whose ref starts with `decline` is declined, like a test card. */
  async chargeSavedMethod(charge: SavedMethodCharge): Promise<ChargeOutcome> {
    const { providerOrderId } = await this.createCheckout(charge);
    if (charge.method.methodRef.startsWith('decline')) {
      return { status: 'declined', providerOrderId, reason: 'card declined' };
    }
    const paymentId = `sim_pay_${randomUUID()}`;
    const payment = { providerOrderId, paymentId, amount: charge.amount, currency: charge.currency };
    this.#orders.get(providerOrderId)?.captured.set(paymentId, payment);
    return { status: 'captured', providerOrderId, payment };
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const existing = this.#refunds.get(request.refundId);
    if (existing) return existing;
    const refund: ProviderRefund = { providerRefundId: `sim_rfnd_${randomUUID()}`, status: 'processed' };
    this.#refunds.set(request.refundId, refund);
    return refund;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('hex');
  }

  #matches(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.#sign(payload), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(expected, given);
  }
}

/** Creates the simulated provider (demo mode and tests only; it moves no real money). */
export function createSimulatedProvider(options: SimulatedProviderOptions): SimulatedProvider {
  return new SimulatedProvider(options);
}
