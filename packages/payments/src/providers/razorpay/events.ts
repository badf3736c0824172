import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PaymentError } from '../../errors.js';
import type { PaymentEvent } from '../../provider.js';

// The parts of Razorpay's webhook payloads the payment rules read; other fields pass unchecked.
const paymentEntity = z.object({
  id: z.string().min(1),
  order_id: z.string().min(1).nullable(),
  amount: z.number().int().nonnegative(),
  currency: z.string().min(1),
  error_description: z.string().nullish(),
  // Razorpay sends empty notes as `[]`.
  notes: z.unknown().optional(),
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
  const json = parseJson(body);
  const { event } = read(envelope, json);
  switch (event) {
    case 'payment.captured':
    case 'order.paid': {
      // Razorpay sends both for one payment; the credit is keyed by the payment id, so they credit once.
      const payment = read(paymentPayload, json).payload.payment.entity;
      if (payment.order_id === null) return { type: 'ignored', eventId, providerType: event };
      const { order_id: providerOrderId, id: paymentId, amount, currency } = payment;
      // Our order id: the notes of a recurring charge, or the receipt every order is created with.
      const receipt = event === 'order.paid' ? read(orderPayload, json).payload.order?.entity.receipt : undefined;
      const orderId = echoedOrderId(payment.notes) ?? (receipt || undefined);
      const captured = { providerOrderId, paymentId, amount, currency, ...(orderId ? { orderId } : {}) };
      return { type: 'payment.captured', eventId, payment: captured };
    }
    case 'payment.failed': {
      const payment = read(paymentPayload, json).payload.payment.entity;
      if (payment.order_id === null) return { type: 'ignored', eventId, providerType: event };
      const reason = payment.error_description || 'the payment failed';
      return { type: 'payment.failed', eventId, providerOrderId: payment.order_id, paymentId: payment.id, reason };
    }
    case 'refund.processed': {
      const refund = read(refundPayload, json).payload.refund.entity;
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

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw malformed('is not JSON');
  }
}

function read<S extends z.ZodType>(schema: S, json: unknown): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw malformed(`has a bad ${issue?.path.join('.') || 'shape'}: ${issue?.message ?? 'invalid'}`);
}

function malformed(problem: string): PaymentError {
  return new PaymentError('INVALID_INPUT', `the razorpay webhook body ${problem}`, { details: { field: 'body' } });
}
