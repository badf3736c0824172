import type Stripe from 'stripe';
import type { CheckoutRequest, SavedMethodDetails } from '../../provider.js';

// Saving a card during a top-up: the PaymentIntent is created for a Customer
// with `setup_future_usage: 'off_session'`, and Stripe attaches the card the
// customer pays with to that Customer once the intent succeeds. A SetupIntent
// would save a card without a payment; a top-up that saves is one step fewer.

/** The PaymentIntent fields that make a checkout save its card for off-session charges. */
export async function savingParams(
  stripe: Stripe,
  request: CheckoutRequest,
): Promise<Pick<Stripe.PaymentIntentCreateParams, 'customer' | 'setup_future_usage'>> {
  const save = request.saveMethod;
  if (!save) return {};
  const customer =
    save.customerRef ??
    (
      await stripe.customers.create(
        {
          ...(save.email ? { email: save.email } : {}),
          ...(save.name ? { name: save.name } : {}),
          metadata: { userId: request.userId },
        },
        // Keyed by the order: a retried start makes one customer, not two.
        { idempotencyKey: `customer:${request.orderId}` },
      )
    ).id;
  return { customer, setup_future_usage: 'off_session' };
}

const idOf = (value: string | { readonly id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/**
 * The card a succeeded intent saved, read from Stripe: only an intent we
 * created with `setup_future_usage: 'off_session'` for a customer saves one.
 * Brand and last four come from the PaymentMethod (expanded, or fetched).
 */
export async function savedMethodOf(
  stripe: Stripe,
  intent: Stripe.PaymentIntent,
): Promise<SavedMethodDetails | undefined> {
  const customerRef = idOf(intent.customer);
  const methodRef = idOf(intent.payment_method);
  if (intent.setup_future_usage !== 'off_session' || customerRef === null || methodRef === null) return undefined;
  const method =
    typeof intent.payment_method === 'object' && intent.payment_method !== null
      ? intent.payment_method
      : await stripe.paymentMethods.retrieve(methodRef);
  const card = method.card;
  return { customerRef, methodRef, ...(card ? { brand: card.brand, last4: card.last4 } : {}) };
}
