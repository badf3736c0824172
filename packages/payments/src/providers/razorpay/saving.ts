import type Razorpay from 'razorpay';
import { z } from 'zod';
import { invalidInput } from '../../errors.js';
import type { CheckoutRequest, SavedMethodDetails } from '../../provider.js';
import { callRazorpay } from './client.js';

// Saving a card during a top-up is Razorpay's recurring "authorisation
// transaction": the order is created for a customer with `method: 'card'`
// and a `token` object, Checkout opens it with `recurring: 1`, and the
// captured payment carries the `token_id` later charges are made on.

/** How long a saved card's token is valid for, as Razorpay's `token.expire_at` takes it. */
const TOKEN_YEARS = 10;

const customerAnswer = z.object({ id: z.string().regex(/^cust_/) });
const paymentSaved = z.object({
  customer_id: z.string().regex(/^cust_/),
  token_id: z.string().regex(/^token_/),
  card: z.object({ last4: z.string().nullish(), network: z.string().nullish() }).nullish(),
});

/** What saving adds to the authorisation order, and to what the client's Checkout is opened with. */
export interface SavingOrder {
  readonly order: Record<string, unknown>;
  readonly checkout: Readonly<Record<string, string | number>>;
}

/** The customer, token and method fields of an order that saves its card; none when the checkout does not save. */
export async function savingOrder(
  client: Razorpay,
  keySecret: string,
  request: CheckoutRequest,
  limits: { readonly tokenMaxAmount: number; readonly now: number },
): Promise<SavingOrder> {
  const save = request.saveMethod;
  if (!save) return { order: {}, checkout: {} };
  let customerId = save.customerRef;
  if (customerId === undefined) {
    // Every recurring charge sends the customer's email and phone, read back from this customer.
    if (!save.email) throw invalidInput('saveMethod.email', 'is required to save a card with Razorpay');
    if (!save.contact) throw invalidInput('saveMethod.contact', 'is required to save a card with Razorpay');
    const body = {
      name: save.name ?? save.email,
      email: save.email,
      contact: save.contact,
      // '0': a customer with these details already is returned, not refused.
      fail_existing: 0 as const,
      notes: { userId: request.userId },
    };
    const created = await callRazorpay('create a customer', keySecret, customerAnswer, () =>
      client.customers.create(body),
    );
    customerId = created.id;
  }
  const expireAt = Math.floor(limits.now / 1000) + TOKEN_YEARS * 365 * 24 * 60 * 60;
  return {
    order: {
      customer_id: customerId,
      method: 'card',
      token: { max_amount: limits.tokenMaxAmount, expire_at: expireAt, frequency: 'as_presented' },
    },
    checkout: { customerId, recurring: 1 },
  };
}

/** The token a captured authorisation payment saved, with the card's network and last four when Razorpay sends the card. */
export function savedMethodOfPayment(payment: unknown): SavedMethodDetails | undefined {
  const saved = paymentSaved.safeParse(payment);
  if (!saved.success) return undefined;
  const { customer_id: customerRef, token_id: methodRef, card } = saved.data;
  return {
    customerRef,
    methodRef,
    ...(card?.network ? { brand: card.network.toLowerCase() } : {}),
    ...(card?.last4 ? { last4: card.last4 } : {}),
  };
}
