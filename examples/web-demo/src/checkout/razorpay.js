/** Razorpay Standard Checkout: Razorpay's Checkout.js opens its payment window on the host's order and hands back the signed payment. */

import { t } from '../i18n.js';
import { CheckoutClosed, PaymentFailed } from './outcomes.js';
import { globalOf } from './scripts.js';

/** Where Razorpay serves Checkout.js; it must be loaded from there, never bundled. */
export const CHECKOUT_JS = 'https://checkout.razorpay.com/v1/checkout.js';

/**
 * @typedef {{ razorpay_order_id: string, razorpay_payment_id: string, razorpay_signature: string }} RazorpayPayment
 *   what Checkout's handler receives, and what the host verifies
 */

/**
 * Opens Razorpay's payment window; resolves with the payment to confirm at the host.
 * @param {{ checkout: Record<string, string | number> }} order the host's order: `checkout` holds keyId, providerOrderId,
 *   amount, currency, and customerId and recurring when the top-up saves its card
 * @param {{ onDeclined?: (failure: PaymentFailed) => void }} [hooks]
 *   `onDeclined` hears a declined attempt: Razorpay keeps its window open for another
 * @returns {Promise<Record<string, string>>}
 */
export async function payWithRazorpay(order, { onDeclined } = {}) {
  const Razorpay = await globalOf(CHECKOUT_JS, 'Razorpay');
  const { keyId, providerOrderId, amount, currency, customerId, recurring } = order.checkout;
  // A top-up that saves its card is Razorpay's recurring authorisation: Checkout needs the customer and `recurring`.
  const saving = customerId ? { customer_id: String(customerId), recurring: String(recurring ?? 1) } : {};
  return await new Promise((resolve, reject) => {
    /** The last declined attempt, if the person then closes the window. @type {PaymentFailed | null} */
    let declined = null;
    const checkout = new Razorpay({
      key: String(keyId),
      order_id: String(providerOrderId),
      amount: Number(amount),
      currency: String(currency),
      name: 'JyotishConnect',
      description: t('statement.kind.topup'),
      ...saving,
      handler: (/** @type {RazorpayPayment} */ payment) =>
        resolve({
          razorpay_order_id: payment.razorpay_order_id,
          razorpay_payment_id: payment.razorpay_payment_id,
          razorpay_signature: payment.razorpay_signature,
        }),
      modal: { ondismiss: () => reject(declined ?? new CheckoutClosed()) },
    });
    checkout.on('payment.failed', (/** @type {{ error?: { description?: string } }} */ response) => {
      declined = new PaymentFailed(response?.error?.description ?? 'the payment was declined');
      onDeclined?.(declined);
    });
    checkout.open();
  });
}
