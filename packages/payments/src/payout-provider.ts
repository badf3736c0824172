// The payout port: how earnings leave the platform. RazorpayX moves money
// through its API; the manual provider queues requests for an operator who
// pays by bank transfer and marks them paid.

/** A payout the rules ask a provider to make; `payoutId` is the idempotency key. */
export interface PayoutRequest {
  readonly payoutId: string;
  readonly consultantId: string;
  /** Minor units (paise). */
  readonly amount: number;
  readonly currency: string;
}

/** Where a payout stands at its provider. `queued` waits for an operator or the provider's own queue. */
export type ProviderPayoutStatus = 'queued' | 'processing' | 'processed' | 'failed';

/** The provider's answer to a payout request. */
export interface ProviderPayout {
  /** The provider's id of the payout, once it has one. */
  readonly providerPayoutId: string | null;
  readonly status: ProviderPayoutStatus;
}

/** A payout webhook, verified and translated. */
export interface PayoutEvent {
  readonly eventId: string;
  /** Our payout id, as the provider echoes it back (reference id, notes or metadata). */
  readonly payoutId: string;
  readonly providerPayoutId: string;
  /** `reversed`: the bank sent back a payout already reported paid (a closed account, a wrong IFSC). */
  readonly outcome: 'paid' | 'failed' | 'reversed';
  readonly reason: string | null;
}

/** A way to pay consultants: a payout API, or an operator's bank transfers. */
export interface PayoutProvider {
  /** A stable short name (`manual`, `razorpayx`), stored on every payout. */
  readonly name: string;
  /** Starts a payout; repeating a `payoutId` starts it once. */
  createPayout(request: PayoutRequest): Promise<ProviderPayout>;
  /** Verifies and translates a payout webhook, for providers that send them. */
  parsePayoutWebhook?(rawBody: string | Uint8Array, headers: Readonly<Record<string, unknown>>): Promise<PayoutEvent>;
}
