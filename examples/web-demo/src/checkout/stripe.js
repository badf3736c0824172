/** Stripe: Stripe.js mounts its Payment Element on the host's PaymentIntent, in a dialog, and confirms the payment. */

import { openCardDialog } from './card-dialog.js';
import { PaymentFailed } from './outcomes.js';
import { globalOf } from './scripts.js';

/** Where Stripe serves Stripe.js; it must be loaded from there, never bundled. */
export const STRIPE_JS = 'https://js.stripe.com/v3';

/** One Stripe.js client per publishable key, as Stripe asks. @type {Map<string, any>} */
const clients = new Map();

/**
 * The URL a payment method that leaves the page (a bank's page) comes back to; Stripe adds
 * `payment_intent` and `redirect_status`, which {@link returnedPayment} reads.
 */
const returnUrl = () => `${location.origin}${location.pathname}`;

/**
 * Collects the payment in Stripe's Payment Element; resolves with the PaymentIntent to confirm at the host.
 * @param {{ amount: number, checkout: Record<string, string | number> }} order the host's order: `checkout` holds publishableKey, clientSecret
 * @returns {Promise<Record<string, string>>}
 */
export async function payWithStripe(order) {
  const Stripe = await globalOf(STRIPE_JS, 'Stripe');
  const publishableKey = String(order.checkout.publishableKey);
  const stripe = clients.get(publishableKey) ?? Stripe(publishableKey);
  clients.set(publishableKey, stripe);
  const elements = stripe.elements({ clientSecret: String(order.checkout.clientSecret) });
  const paymentElement = elements.create('payment');
  return await openCardDialog({
    amount: order.amount,
    mount: (target) => paymentElement.mount(target),
    pay: async () => {
      const { error, paymentIntent } = await stripe.confirmPayment({
        elements,
        redirect: 'if_required',
        confirmParams: { return_url: returnUrl() },
      });
      // A decline, or details Stripe refused: the dialog shows Stripe's words and lets the person try again.
      if (error) throw new PaymentFailed(error.message ?? 'the payment was declined');
      return { payment_intent: String(paymentIntent.id) };
    },
    dispose: () => paymentElement.destroy(),
  });
}

/**
 * A payment Stripe sent the person away to finish and back to this page: what to confirm, once
 * (the address is cleaned at once), or null.
 * @returns {{ confirmation: Record<string, string>, failed: boolean } | null}
 */
export function returnedPayment() {
  const params = new URLSearchParams(location.search);
  const intent = params.get('payment_intent');
  const status = params.get('redirect_status');
  if (!intent || !status) return null;
  for (const name of ['payment_intent', 'payment_intent_client_secret', 'redirect_status']) params.delete(name);
  const search = params.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
  return { confirmation: { payment_intent: intent }, failed: status === 'failed' };
}
