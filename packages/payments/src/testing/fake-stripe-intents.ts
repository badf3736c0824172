// PaymentIntents in the fake Stripe API: created for a checkout, or created and
// confirmed at once for a saved method, where Stripe's documented test payment
// methods (docs.stripe.com/testing) decide what the confirmation does.
import { randomBytes } from 'node:crypto';
import { type FakeAnswer, fakeId, stripeError } from './fake-stripe-answers.js';
import type { FakeStripeCustomers } from './fake-stripe-customers.js';

type Json = Record<string, unknown>;

/** What confirming a payment method does: the status the intent takes, or a card decline (HTTP 402). */
export type MethodOutcome =
  | 'succeeded'
  | 'processing'
  | 'requires_action'
  | { readonly decline: string; readonly code?: string; readonly message?: string };

/** A saved method as the fake holds it: a customer and a payment method attached to it. */
export interface FakeSavedMethod {
  readonly customerRef: string;
  readonly methodRef: string;
}

const declinedMessage = 'Your card was declined.';
const authenticationRequired = {
  decline: 'authentication_required',
  code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
} as const;

/**
 * Stripe's test PaymentMethods as a confirmation meets them. A card that
 * always asks for authentication takes `requires_action` when the customer
 * is there to answer; off-session, nobody is, so Stripe declines it with
 * `authentication_required` and leaves the intent `requires_payment_method`.
 */
const testMethods: Readonly<Record<string, { readonly onSession: MethodOutcome; readonly offSession: MethodOutcome }>> =
  {
    pm_card_visa: { onSession: 'succeeded', offSession: 'succeeded' },
    pm_card_chargeDeclined: {
      onSession: { decline: 'generic_decline' },
      offSession: { decline: 'generic_decline' },
    },
    pm_card_chargeDeclinedInsufficientFunds: {
      onSession: { decline: 'insufficient_funds', message: 'Your card has insufficient funds.' },
      offSession: { decline: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    },
    pm_card_authenticationRequired: { onSession: 'requires_action', offSession: authenticationRequired },
  };

const invalid = (message: string, code = 'parameter_invalid') =>
  stripeError(400, 'invalid_request_error', message, code);

/** The fake's `/v1/payment_intents` creation, writing into `intents`. */
export function fakePaymentIntents(intents: Map<string, Json>, customers: FakeStripeCustomers) {
  const answers = new Map<string, MethodOutcome>();

  const outcomeOf = (methodRef: string, offSession: boolean): MethodOutcome | undefined => {
    const known = testMethods[customers.testMethodOf(methodRef)];
    return answers.get(methodRef) ?? (known && (offSession ? known.offSession : known.onSession));
  };

  function confirm(intent: Json, methodRef: string, outcome: MethodOutcome): FakeAnswer {
    const charge = fakeId('ch');
    if (typeof outcome === 'string') {
      Object.assign(intent, { status: outcome, payment_method: methodRef, latest_charge: charge });
      if (outcome === 'succeeded') intent.amount_received = intent.amount;
      if (outcome === 'requires_action') {
        Object.assign(intent, { latest_charge: null, next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} } });
      }
      return { status: 200, body: intent };
    }
    const error = {
      type: 'card_error',
      code: outcome.code ?? 'card_declined',
      decline_code: outcome.decline,
      message: outcome.message ?? declinedMessage,
      charge,
      payment_method: { id: methodRef, object: 'payment_method', type: 'card' },
    };
    // A declined attempt detaches the method from the intent and leaves it waiting for another.
    Object.assign(intent, {
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: charge,
      last_payment_error: error,
    });
    return { status: 402, body: { error: { ...error, payment_intent: intent } } };
  }

  return {
    /** `POST /v1/payment_intents`: an intent awaiting Stripe.js, or confirmed at once when `confirm=true`. */
    create(form: Readonly<Record<string, string>>): FakeAnswer {
      const amount = Number(form.amount);
      if (!Number.isSafeInteger(amount) || amount < 1 || !/^[a-z]{3}$/.test(form.currency ?? '')) {
        return invalid('Invalid amount or currency');
      }
      const { customer, payment_method: methodRef } = form;
      const offSession = form.off_session === 'true';
      if (offSession && form.confirm !== 'true') return invalid('off_session can only be used with confirm=true');
      const futureUsage = form.setup_future_usage;
      if (futureUsage !== undefined && futureUsage !== 'off_session' && futureUsage !== 'on_session') {
        return invalid('Invalid setup_future_usage: must be one of on_session or off_session');
      }
      if (customer !== undefined && !customers.has(customer)) {
        return invalid(`No such customer: '${customer}'`, 'resource_missing');
      }
      const outcome = methodRef === undefined ? undefined : outcomeOf(methodRef, offSession);
      if (methodRef !== undefined && !outcome) {
        return invalid(`No such PaymentMethod: '${methodRef}'`, 'resource_missing');
      }
      if (methodRef !== undefined && customer !== undefined && !customers.owns(customer, methodRef)) {
        return invalid(`The PaymentMethod ${methodRef} does not belong to the Customer ${customer}.`);
      }
      const intentId = fakeId('pi');
      const intent: Json = {
        id: intentId,
        object: 'payment_intent',
        amount,
        amount_received: 0,
        currency: form.currency,
        customer: customer ?? null,
        payment_method: methodRef ?? null,
        setup_future_usage: futureUsage ?? null,
        status: methodRef === undefined ? 'requires_payment_method' : 'requires_confirmation',
        client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
        metadata: { orderId: form['metadata[orderId]'], userId: form['metadata[userId]'] },
        automatic_payment_methods: { enabled: form['automatic_payment_methods[enabled]'] === 'true' },
        capture_method: 'automatic',
        cancellation_reason: null,
        last_payment_error: null,
        latest_charge: null,
        next_action: null,
        livemode: false,
        created: Math.floor(Date.now() / 1000),
      };
      intents.set(intentId, intent);
      return form.confirm === 'true' && methodRef !== undefined && outcome
        ? confirm(intent, methodRef, outcome)
        : { status: 200, body: intent };
    },
    /** A new customer with `methodRef` (a test method such as `pm_card_visa`) attached, as a SetupIntent leaves it. */
    saveMethod(methodRef: string): FakeSavedMethod {
      return customers.saveTestMethod(methodRef);
    },
    /** Makes `methodRef` confirm as `outcome` from now on: what a bank may do that no test card shows. */
    answerMethod(methodRef: string, outcome: MethodOutcome) {
      answers.set(methodRef, outcome);
    },
  };
}
