import type Stripe from 'stripe';
import type { CapturedPayment, PaymentEvent } from '../../provider.js';

/** The id of a field Stripe sends either as an id or, when expanded, as the object. */
function idOf(value: string | { readonly id: string } | null | undefined): string | null {
  if (typeof value === 'string') return value;
  return typeof value?.id === 'string' ? value.id : null;
}

/**
 * The captured payment of a succeeded PaymentIntent. With PaymentIntents the
 * payment id is the intent id, so the wallet credit is keyed
 * `payment:stripe:pi_…`; `amount_received` is what was actually captured.
 * Our order id comes back from the intent's metadata, which we wrote when
 * creating it: an order never linked to the intent is still found by it.
 */
export function capturedPaymentOf(intent: Stripe.PaymentIntent): CapturedPayment {
  const orderId = intent.metadata?.orderId;
  return {
    providerOrderId: intent.id,
    paymentId: intent.id,
    ...(typeof orderId === 'string' && orderId.length > 0 ? { orderId } : {}),
    amount: intent.amount_received,
    currency: intent.currency.toUpperCase(),
  };
}

function processedRefund(
  eventId: string,
  refund: Stripe.Refund | undefined,
  charge?: Stripe.Charge,
): PaymentEvent | null {
  const paymentId = idOf(refund?.payment_intent) ?? idOf(charge?.payment_intent);
  if (refund?.status !== 'succeeded' || paymentId === null) return null;
  return { type: 'refund.processed', eventId, paymentId, providerRefundId: refund.id, amount: refund.amount };
}

/**
 * Translates a verified Stripe event into what the payment rules act on.
 * `charge.refunded` names its refund only when the charge's `refunds` list is
 * in the payload (API versions before 2022-11-15); later versions are settled
 * by `refund.updated` or by the refund call's own answer.
 */
export function translateEvent(event: Stripe.Event): PaymentEvent {
  const eventId = event.id;
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { type: 'payment.captured', eventId, payment: capturedPaymentOf(event.data.object) };
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      return {
        type: 'payment.failed',
        eventId,
        providerOrderId: intent.id,
        paymentId: intent.id,
        reason: intent.last_payment_error?.message ?? 'the payment failed',
        ...(intent.metadata?.orderId ? { orderId: intent.metadata.orderId } : {}),
      };
    }
    case 'refund.updated':
      return processedRefund(eventId, event.data.object) ?? ignored(event);
    case 'charge.refunded': {
      const charge = event.data.object;
      return processedRefund(eventId, charge.refunds?.data[0], charge) ?? ignored(event);
    }
    default:
      return ignored(event);
  }
}

function ignored(event: Stripe.Event): PaymentEvent {
  return { type: 'ignored', eventId: event.id, providerType: event.type };
}
