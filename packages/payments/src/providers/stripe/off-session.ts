import Stripe from 'stripe';
import type { ChargeOutcome, SavedMethodCharge } from '../../provider.js';
import { capturedPaymentOf } from './events.js';

/** The PaymentIntent that charges a saved method at once, the customer absent; keyed like a checkout by the order id. */
export function offSessionIntentParams(charge: SavedMethodCharge): Stripe.PaymentIntentCreateParams {
  return {
    amount: charge.amount,
    currency: charge.currency.toLowerCase(),
    customer: charge.method.customerRef,
    payment_method: charge.method.methodRef,
    off_session: true,
    confirm: true,
    metadata: { orderId: charge.orderId, userId: charge.userId },
  };
}

/**
 * What a confirmed off-session intent came to. `requires_action` means the
 * bank wants the absent customer to authenticate: a decline here (the order
 * is marked failed; if the customer later completes it, the success webhook
 * still credits). A status that settles later (`processing`, as after an
 * Indian e-mandate's pre-debit notice) is pending, left to the webhook.
 */
export function chargeOutcomeOf(intent: Stripe.PaymentIntent): ChargeOutcome {
  const providerOrderId = intent.id;
  switch (intent.status) {
    case 'succeeded':
      return { status: 'captured', providerOrderId, payment: capturedPaymentOf(intent) };
    case 'requires_action':
      return { status: 'declined', providerOrderId, reason: 'authentication_required' };
    case 'requires_payment_method':
      return {
        status: 'declined',
        providerOrderId,
        reason: intent.last_payment_error?.message ?? 'the payment failed',
      };
    case 'canceled':
      return { status: 'declined', providerOrderId, reason: intent.cancellation_reason ?? 'canceled' };
    default:
      // processing, requires_capture, or a status this code does not know: not captured yet, not declined either.
      return { status: 'pending', providerOrderId };
  }
}

/**
 * The decline a card error reports: Stripe answers a declined off-session
 * charge with HTTP 402 `card_error` carrying the failed intent, which is an
 * answer about the card, not a fault of Stripe. `null` for any other error.
 */
export function declineOf(error: unknown): ChargeOutcome | null {
  if (!(error instanceof Stripe.errors.StripeCardError) || error.statusCode !== 402) return null;
  const providerOrderId = error.payment_intent?.id;
  if (typeof providerOrderId !== 'string' || providerOrderId.length === 0) return null;
  // The SDK sets `decline_code` to '' when Stripe sent none, hence `||`.
  const reason = error.decline_code || error.code || 'card_declined';
  return { status: 'declined', providerOrderId, reason };
}
