/**
 * Where a payout stands: `requested` (earnings moved to `system:payouts`,
 * waiting for the provider or an operator), `processing` at the provider,
 * then `paid` (the money left) or `failed` (the money went back to the consultant);
 * a paid payout the bank sends back later is `reversed` (the money is the consultant's again).
 */
export type PayoutStatus = 'requested' | 'processing' | 'paid' | 'failed' | 'reversed';

/** A payout of consultant earnings. */
export interface Payout {
  readonly id: string;
  readonly consultantId: string;
  readonly amount: number;
  readonly currency: string;
  readonly provider: string;
  readonly status: PayoutStatus;
  readonly providerPayoutId: string | null;
  /** Why it failed, or the operator's reference of a manual transfer. */
  readonly note: string | null;
  readonly createdAt: number;
  readonly settledAt: number | null;
}

/** A change of a payout's status, applied only while it is in one of `from`. */
export interface PayoutTransition {
  readonly from: readonly PayoutStatus[];
  readonly to: PayoutStatus;
  readonly providerPayoutId?: string | null;
  readonly note?: string | null;
  readonly settledAt?: number | null;
}

/** Which payouts to list. */
export interface PayoutQuery {
  readonly consultantId?: string;
  readonly status?: PayoutStatus;
  readonly limit: number;
}

/** The payout records. Every method is atomic on its own. */
export interface PayoutStore {
  /** Stores a new payout, or returns the one stored under its id (`inserted: false`). */
  insertPayout(payout: Payout): Promise<{ readonly record: Payout; readonly inserted: boolean }>;
  /** The payout with this id, or `null`. */
  getPayout(id: string): Promise<Payout | null>;
  /** Applies `transition` if the payout is in one of its `from` statuses; returns the payout afterwards, or `null` when it does not exist. */
  transitionPayout(id: string, transition: PayoutTransition): Promise<Payout | null>;
  /** Payouts newest first, filtered. */
  listPayouts(query: PayoutQuery): Promise<Payout[]>;
}
