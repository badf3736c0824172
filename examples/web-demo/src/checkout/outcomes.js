/** How a checkout ends when nothing was paid: the person closed it, or the payment was declined. */

import { t } from '../i18n.js';

/** The person closed the provider's checkout before paying: nothing was charged. */
export class CheckoutClosed extends Error {
  constructor() {
    super(t('checkout.cancelled'));
    this.name = 'CheckoutClosed';
  }
}

/** The provider declined the payment (the bank refused it, the card failed): nothing was added. */
export class PaymentFailed extends Error {
  /** @param {string} reason the provider's words, for the person */
  constructor(reason) {
    super(t('checkout.failed', { reason: reason.replace(/\.$/, '') }));
    this.name = 'PaymentFailed';
    this.reason = reason;
  }
}
