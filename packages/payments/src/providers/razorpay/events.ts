import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PaymentEvent } from '../../provider.js';
import { savedMethodOfPayment } from './saving.js';
import { WebhookBody } from './webhook-body.js';

// The parts of Razorpay's webhook payloads the payment rules read; other fields pass unchecked.
const paymentEntity = z.object({
  id: z.string().min(1),
  order_id: z.string().min(1).nullable(),
  amount: z.number().int().nonnegative(),
  currency: z.string().min(1),
  error_description: z.string().nullish(),
  // Razorpay sends empty notes as `[]`.
  notes: z.unknown().optional(),
  // Set on a card recurring payment: the customer and the token it saved or was charged on.
  customer_id: z.string().nullish(),
  token_id: z.string().nullish(),
  card: z.object({ last4: z.string().nullish(), network: z.string().nullish() }).nullish(),
});
const refundEntity = z.object({
  id: z.string().min(1),
  payment_id: z.string().min(1),
  amount: z.number().int().positive(),
});
const envelope = z.object({ event: z.string().min(1), payload: z.record(z.string(), z.unknown()) });
const paymentPayload = z.object({ payload: z.object({ payment: z.object({ entity: paymentEntity }) }) });
const orderPayload = z.object({
  payload: z.object({ order: z.object({ entity: z.object({ receipt: z.string().nullish() }) }).optional() }),
});
const refundPayload = z.object({ payload: z.object({ refund: z.object({ entity: refundEntity }) }) });

/**
 * Translates a Razorpay webhook body whose signature was already verified.
 * `eventId` is the `x-razorpay-event-id` header; without it, a hash of the body.
 * Throws `INVALID_INPUT` when the signed body is not the documented shape.
 */
export function translateWebhook(body: Uint8Array, eventIdHeader: string | undefined): PaymentEvent {
  const eventId = eventIdHeader || `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const json = new WebhookBody(body, 'razorpay');
  const { event } = json.read(envelope);
  switch (event) {
    case 'payment.captured':
    case 'order.paid': {
      // Razorpay sends both for one payment; the credit is keyed by the payment id, so they credit once.
      const payment = json.read(paymentPayload).payload.payment.entity;
      if (payment.order_id === null) return { type: 'ignored', eventId, providerType: event };
      const { order_id: providerOrderId, id: paymentId, amount, currency } = payment;
      // Our order id: the notes of a recurring charge, or the receipt every order is created with.
      const receipt = event === 'order.paid' ? json.read(orderPayload).payload.order?.entity.receipt : undefined;
      const orderId = echoedOrderId(payment.notes) ?? (receipt || undefined);
      const savedMethod = savedMethodOfPayment(payment);
      const captured = {
        providerOrderId,
        paymentId,
        amount,
        currency,
        ...(orderId ? { orderId } : {}),
        ...(savedMethod ? { savedMethod } : {}),
      };
      return { type: 'payment.captured', eventId, payment: captured };
    }
    case 'payment.failed': {
      const payment = json.read(paymentPayload).payload.payment.entity;
      if (payment.order_id === null) return { type: 'ignored', eventId, providerType: event };
      const reason = payment.error_description || 'the payment failed';
      return { type: 'payment.failed', eventId, providerOrderId: payment.order_id, paymentId: payment.id, reason };
    }
    case 'refund.processed': {
      const refund = json.read(refundPayload).payload.refund.entity;
      const { id: providerRefundId, payment_id: paymentId, amount } = refund;
      return { type: 'refund.processed', eventId, paymentId, providerRefundId, amount };
    }
    default:
      return { type: 'ignored', eventId, providerType: event };
  }
}

/** Our order id as Razorpay echoes it in an entity's `notes.orderId`, if it does. */
export function echoedOrderId(notes: unknown): string | undefined {
  if (typeof notes !== 'object' || notes === null || Array.isArray(notes)) return undefined;
  const orderId = (notes as Record<string, unknown>).orderId;
  return typeof orderId === 'string' && orderId.length > 0 ? orderId : undefined;
}
