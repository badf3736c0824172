// The storage port of the payment ledger: orders and refunds, nothing else.
// Money itself lives in the wallet; these records say which provider payment
// a wallet credit came from and where a refund stands at the provider.

/** Where an order stands: waiting for a payment, paid once, or its last attempt failed. */
export type OrderStatus = 'created' | 'paid' | 'failed';

/** A top-up order: one checkout at one provider for one wallet. */
export interface PaymentOrder {
  readonly id: string;
  readonly userId: string;
  readonly provider: string;
  /** The provider's id of the order; `pending:<id>` until an off-session charge is linked to it. */
  readonly providerOrderId: string;
  /** Minor units (paise). */
  readonly amount: number;
  readonly currency: string;
  readonly status: OrderStatus;
  /** The captured payment that paid the order; set once, never replaced. */
  readonly paymentId: string | null;
  /** Why the last attempt failed, while `status` is `failed`. */
  readonly failureReason: string | null;
  /** What the client needs to open the provider's checkout. */
  readonly checkout: Readonly<Record<string, string | number>>;
  /** Unix milliseconds. */
  readonly createdAt: number;
  readonly paidAt: number | null;
}

/** Where a refund stands at the provider. */
export type RefundStatus = 'pending' | 'processed' | 'failed';

/** A refund of (part of) a paid order, debited from the wallet before the provider is asked. */
export interface PaymentRefund {
  readonly id: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly amount: number;
  readonly status: RefundStatus;
  readonly providerRefundId: string | null;
  readonly createdAt: number;
}

/** The result of an insert: the stored record, and whether this call wrote it. */
export interface Inserted<T> {
  readonly record: T;
  readonly inserted: boolean;
}

/** The order and refund records of the payment ledger. Every method is atomic on its own. */
export interface PaymentStore {
  /** Stores a new order, or returns the one stored under its id. */
  insertOrder(order: PaymentOrder): Promise<Inserted<PaymentOrder>>;
  /** The order with this id, or `null`. */
  getOrder(id: string): Promise<PaymentOrder | null>;
  /** The order a provider knows by `providerOrderId`, or `null`. */
  findOrderByProviderId(provider: string, providerOrderId: string): Promise<PaymentOrder | null>;
  /**
   * Marks an order paid by `paymentId` unless another payment paid it first;
   * returns the order as it stands afterwards, or `null` when it does not exist.
   */
  claimPayment(orderId: string, paymentId: string, at: number): Promise<PaymentOrder | null>;
  /** Marks an order's attempt failed while it is not paid; returns the order afterwards, or `null`. */
  markFailed(orderId: string, reason: string): Promise<PaymentOrder | null>;
  /**
   * Gives an order opened before its provider order existed (an off-session
   * charge) the provider's id; only the first link counts. Returns the order
   * afterwards, or `null`.
   */
  linkProviderOrder(orderId: string, providerOrderId: string): Promise<PaymentOrder | null>;
  /** A user's orders, newest first. */
  ordersOf(userId: string, limit: number): Promise<PaymentOrder[]>;
  /** Stores a new refund, or returns the one stored under its id. */
  insertRefund(refund: PaymentRefund): Promise<Inserted<PaymentRefund>>;
  /** Records the provider's answer to a refund (found by id, or by provider refund id); `null` when none matches. */
  settleRefund(
    match: { readonly id: string } | { readonly providerRefundId: string },
    status: RefundStatus,
    providerRefundId?: string,
  ): Promise<PaymentRefund | null>;
}

/** The placeholder provider order id of an order whose provider order does not exist yet. */
export function unlinkedProviderOrderId(orderId: string): string {
  return `pending:${orderId}`;
}
