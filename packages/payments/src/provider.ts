// The provider port: what the payment rules need of Razorpay, Stripe or the
// simulated provider. Providers translate; they decide nothing about wallets.

/** What a provider needs to open a checkout for one stored order. Amounts are in the currency's minor unit (paise). */
export interface CheckoutRequest {
  /** The order's own id; providers that take an idempotency key or a receipt use it. */
  readonly orderId: string;
  readonly userId: string;
  readonly amount: number;
  /** ISO 4217 code, upper case (`INR`). */
  readonly currency: string;
  /** Present when the customer asked to save the method they pay with, for later off-session charges. */
  readonly saveMethod?: SaveMethodRequest;
}

/** A checkout's request to save the payment method for off-session charges (auto-recharge). */
export interface SaveMethodRequest {
  /** The provider customer (`cus_…`, `cust_…`) already saved for this user, reused; a new one is created without it. */
  readonly customerRef?: string;
  /** The new customer's name. */
  readonly name?: string;
  /** The new customer's email; Razorpay requires it with `contact` on every recurring charge. */
  readonly email?: string;
  /** The new customer's phone number, with its country code (`+919876543210`). */
  readonly contact?: string;
}

/** The provider's side of a new order, and what the client needs to open the provider's checkout. */
export interface ProviderCheckout {
  /** Razorpay `order_…`, Stripe `pi_…` or `cs_…`: how webhooks name the order. */
  readonly providerOrderId: string;
  /** Public values for the client (a key id, a client secret, a redirect URL); never a secret key. */
  readonly checkout: Readonly<Record<string, string | number>>;
}

/** A payment the provider itself reports as captured, as read from a verified source. */
export interface CapturedPayment {
  readonly providerOrderId: string;
  /** Razorpay `pay_…`, Stripe `pi_…`: the wallet credit is keyed by it. */
  readonly paymentId: string;
  /** Our order id as the provider echoes it back (receipt, notes, metadata), when it does. */
  readonly orderId?: string;
  readonly amount: number;
  readonly currency: string;
  /** The method the payment saved for off-session charges, read from the same verified source; only when the checkout asked. */
  readonly savedMethod?: SavedMethodDetails;
}

/** A webhook, verified and translated into what the payment rules act on. */
export type PaymentEvent =
  | { readonly type: 'payment.captured'; readonly eventId: string; readonly payment: CapturedPayment }
  | {
      readonly type: 'payment.failed';
      readonly eventId: string;
      readonly providerOrderId: string;
      readonly paymentId: string;
      readonly reason: string;
      /** Our order id as the provider echoes it back, when it does. */
      readonly orderId?: string;
    }
  | {
      readonly type: 'refund.processed';
      readonly eventId: string;
      readonly paymentId: string;
      readonly providerRefundId: string;
      readonly amount: number;
    }
  | { readonly type: 'ignored'; readonly eventId: string; readonly providerType: string };

/** Request headers as Node gives them; names are lower case. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A refund the payment rules ask the provider for; `refundId` is the idempotency key. */
export interface RefundRequest {
  readonly refundId: string;
  readonly paymentId: string;
  readonly amount: number;
}

/** The provider's answer to a refund request. */
export interface ProviderRefund {
  readonly providerRefundId: string;
  readonly status: 'pending' | 'processed' | 'failed';
}

/** A payment method the provider saved for charges without the customer present (a card mandate, a token). */
export interface SavedMethod {
  /** The provider's customer (Stripe `cus_…`, Razorpay `cust_…`). */
  readonly customerRef: string;
  /** The saved method (Stripe `pm_…`, Razorpay `token_…`). */
  readonly methodRef: string;
}

/** A saved method and what a person may be shown of it (never enough to charge it elsewhere). */
export interface SavedMethodDetails extends SavedMethod {
  /** The card network as the provider names it (`visa`, `mastercard`, `rupay`), when it says. */
  readonly brand?: string;
  /** The card's last four digits, when the provider says. */
  readonly last4?: string;
}

/** An off-session charge of a saved method for one stored order; `orderId` is the idempotency key. */
export interface SavedMethodCharge extends CheckoutRequest {
  readonly method: SavedMethod;
}

/** What an off-session charge came to: captured now, declined, or left for a webhook to tell. */
export type ChargeOutcome =
  | { readonly status: 'captured'; readonly providerOrderId: string; readonly payment: CapturedPayment }
  | { readonly status: 'declined'; readonly providerOrderId: string; readonly reason: string }
  | { readonly status: 'pending'; readonly providerOrderId: string };

/** A payment service provider: Razorpay, Stripe, or the simulated one of demo mode. */
export interface PaymentProvider {
  /** A stable short name (`razorpay`, `stripe`, `simulated`), part of every stored order and credit. */
  readonly name: string;
  /** Creates the provider's order for a stored order. */
  createCheckout(request: CheckoutRequest): Promise<ProviderCheckout>;
  /**
   * Verifies what the client's checkout returned and asks the provider for
   * the payment it names; resolves only for a captured payment, else throws
   * `INVALID_SIGNATURE` or `PAYMENT_NOT_CAPTURED`.
   */
  verifyConfirmation(confirmation: Readonly<Record<string, unknown>>): Promise<CapturedPayment>;
  /** Verifies a webhook's signature over the raw body, then translates it; throws `INVALID_SIGNATURE` or `STALE_EVENT`. */
  parseWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders): Promise<PaymentEvent>;
  /** Refunds part or all of a captured payment; repeating a `refundId` refunds once. */
  refund(request: RefundRequest): Promise<ProviderRefund>;
  /** Charges a saved method without the customer present; providers that cannot leave it out. */
  chargeSavedMethod?(charge: SavedMethodCharge): Promise<ChargeOutcome>;
}
