import type Razorpay from 'razorpay';
import { z } from 'zod';
import { invalidInput } from '../../errors.js';
import type { ChargeOutcome, SavedMethodCharge } from '../../provider.js';
import { callRazorpay, redact } from './client.js';
import type { RazorpayContact, RazorpayContactLookup } from './options.js';

// A charge of a saved token is Razorpay's "subsequent recurring payment": a
// fresh order, then POST /v1/payments/create/recurring on it. The answer names
// the payment only; whether it is captured arrives later as a webhook.

const customerAnswer = z.object({
  email: z.string().min(1),
  contact: z.union([z.string().min(1), z.number()]).transform(String),
});
const recurringAnswer = z.union([
  z.object({ declined: z.string().min(1) }),
  z.object({ razorpay_payment_id: z.string().min(1) }),
]);

/** Reasons Razorpay gives for a request it could not act on, as opposed to a payment the bank or card refused. */
const NOT_DECLINES = new Set(['input_validation_failed', 'null', 'NA']);

/** What a recurring charge needs besides the charge itself. */
export interface RecurringChargeContext {
  readonly client: Razorpay;
  readonly keySecret: string;
  /** The Razorpay order created for this charge. */
  readonly providerOrderId: string;
  readonly contact: RazorpayContact;
}

/** The email and phone number to send with a user's recurring charge: from `contactOf`, else from the Razorpay customer. */
export async function contactFor(
  client: Razorpay,
  keySecret: string,
  contactOf: RazorpayContactLookup | undefined,
  charge: SavedMethodCharge,
): Promise<RazorpayContact> {
  if (contactOf) {
    const given = customerAnswer.safeParse(await contactOf(charge.userId));
    if (!given.success) throw invalidInput('contactOf', 'must resolve to a non-empty email and contact');
    return given.data;
  }
  const customerRef = charge.method.customerRef;
  const customer = await callRazorpay('fetch a customer', keySecret, z.unknown(), () =>
    client.customers.fetch(customerRef),
  );
  const found = customerAnswer.safeParse(customer);
  if (!found.success) {
    throw invalidInput('method.customerRef', 'names a Razorpay customer without an email and contact; set contactOf');
  }
  return found.data;
}

/**
 * Charges the saved token on an order made for the charge. Razorpay's
 * refusal of the payment itself (a 400 `BAD_REQUEST_ERROR` with a reason
 * such as `payment_failed` or a token problem) is a decline; anything else
 * (a bad request of ours, a 5xx, the network) is `PROVIDER_ERROR`.
 */
export async function chargeRecurring(
  context: RecurringChargeContext,
  charge: SavedMethodCharge,
): Promise<ChargeOutcome> {
  const { client, keySecret, providerOrderId, contact } = context;
  const { orderId, userId, amount, currency, method } = charge;
  const body = {
    amount,
    currency,
    order_id: providerOrderId,
    customer_id: method.customerRef,
    token: method.methodRef,
    recurring: '1',
    email: contact.email,
    contact: contact.contact,
    notes: { orderId, userId },
  };
  const answer = await callRazorpay('charge a saved token', keySecret, recurringAnswer, async () => {
    try {
      return await client.payments.createRecurringPayment(body);
    } catch (error) {
      const reason = declineReason(error, keySecret);
      if (reason === null) throw error;
      return { declined: reason };
    }
  });
  if ('declined' in answer) return { status: 'declined', providerOrderId, reason: answer.declined };
  return { status: 'pending', providerOrderId };
}

/** `reason: description` when the SDK's error is Razorpay refusing the payment; `null` for any other failure. */
export function declineReason(error: unknown, keySecret: string): string | null {
  const { statusCode, error: body } = (error ?? {}) as { statusCode?: unknown; error?: Record<string, unknown> };
  const reason = body?.reason;
  if (statusCode !== 400 || body?.code !== 'BAD_REQUEST_ERROR') return null;
  if (typeof reason !== 'string' || reason === '' || NOT_DECLINES.has(reason)) return null;
  const description = typeof body.description === 'string' && body.description ? `: ${body.description}` : '';
  return redact(`${reason}${description}`, keySecret);
}
