/** How a checkout ends when nothing was paid: the person closed it, or the payment was declined. */

/** The person closed the provider's checkout before paying: nothing was charged. */
export class CheckoutClosed extends Error {
  constructor() {
    super('Payment cancelled. Nothing was charged.');
    this.name = 'CheckoutClosed';
  }
}

/** The provider declined the payment (the bank refused it, the card failed): nothing was added. */
export class PaymentFailed extends Error {
  /** @param {string} reason the provider's words, for the person */
  constructor(reason) {
    super(`Payment failed: ${reason.replace(/\.$/, '')}. Nothing was added; you can try again.`);
    this.name = 'PaymentFailed';
    this.reason = reason;
  }
}
