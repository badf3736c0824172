import { type Answer, apiError, type Entity, fakeId, invalidRequest, NOW } from './fake-razorpay-shared.js';

// RazorpayX payouts of the fake Razorpay: POST /v1/payouts, idempotent by its
// X-Payout-Idempotency key as RazorpayX documents it (the same key and body
// answer the same payout; the same key with another body is refused).

/** A payout webhook event the fake can send. */
export type FakePayoutEvent = 'payout.processed' | 'payout.failed' | 'payout.rejected' | 'payout.reversed';

const MODES = new Set(['IMPS', 'NEFT', 'RTGS', 'UPI']);
const SETTLED: Readonly<
  Record<FakePayoutEvent, { status: string; description: string | null; reason: string | null }>
> = {
  'payout.processed': { status: 'processed', description: null, reason: null },
  'payout.failed': {
    status: 'failed',
    description: 'The beneficiary bank is down. Retry after some time.',
    reason: 'beneficiary_bank_down',
  },
  'payout.rejected': {
    status: 'rejected',
    description: 'Payout rejected by the approver.',
    reason: 'payout_rejected',
  },
  'payout.reversed': {
    status: 'reversed',
    description: 'The beneficiary account is closed.',
    reason: 'beneficiary_account_closed',
  },
};

/** The fake's RazorpayX payouts; reached through {@link FakeRazorpay.payouts}. */
export class FakeRazorpayPayouts {
  /** Payouts by id (`pout_…`). */
  readonly entities = new Map<string, Entity>();
  /** Status of the payouts it creates next. */
  status: 'queued' | 'pending' | 'processing' | 'processed' | 'rejected' = 'processing';
  readonly #byKey = new Map<string, { body: string; payout: Entity }>();

  /** Answers POST /v1/payouts. */
  create(body: Record<string, unknown>, raw: string, key: unknown): Answer {
    if (typeof key !== 'string' || key === '') {
      return [
        400,
        apiError(
          'BAD_REQUEST_ERROR',
          'Idempotency key is missing. Include idempotency header and key in the request.',
          {
            source: 'business',
            reason: 'null',
            field: 'X-Payout-Idempotency',
            metadata: {},
          },
        ),
      ];
    }
    if (!/^[A-Za-z0-9_ -]{4,36}$/.test(key)) return invalidRequest('X-Payout-Idempotency', 'Invalid idempotency key');
    const seen = this.#byKey.get(key);
    if (seen?.body === raw) return [200, seen.payout];
    if (seen)
      return invalidRequest('X-Payout-Idempotency', 'Different request body sent for the same Idempotency Header');
    const problem = bodyProblem(body);
    if (problem) return invalidRequest(problem[0], problem[1]);
    const payout: Entity = {
      id: fakeId('pout'),
      entity: 'payout',
      fund_account_id: body.fund_account_id,
      amount: body.amount,
      currency: body.currency,
      notes: body.notes ?? [],
      fees: 0,
      tax: 0,
      status: this.status,
      utr: null,
      mode: body.mode,
      purpose: body.purpose,
      reference_id: body.reference_id ?? null,
      narration: body.narration ?? null,
      batch_id: null,
      status_details: null,
      created_at: NOW,
    };
    this.entities.set(payout.id, payout);
    this.#byKey.set(key, { body: raw, payout });
    return [200, payout];
  }

  /** Moves a payout as `event` says and returns it, as the webhook will carry it. */
  settle(payoutId: string, event: FakePayoutEvent): Entity {
    const payout = this.entities.get(payoutId);
    if (!payout) throw new Error(`the fake holds no payout ${payoutId}`);
    const { status, description, reason } = SETTLED[event];
    const details = description ? { description, source: 'beneficiary_bank', reason } : null;
    Object.assign(payout, { status, status_details: details, utr: status === 'failed' ? null : 'UTR0000000042' });
    return { ...payout };
  }
}

/** The first documented rule `body` breaks, as `[field, description]`, or `null`. */
function bodyProblem(body: Record<string, unknown>): [string, string] | null {
  const { account_number, fund_account_id, amount, currency, mode, purpose, reference_id, narration } = body;
  if (typeof account_number !== 'string' || !/^\d{5,25}$/.test(account_number)) {
    return ['account_number', 'The account number is invalid.'];
  }
  if (typeof fund_account_id !== 'string' || !fund_account_id.startsWith('fa_')) {
    return ['fund_account_id', 'The id provided does not exist'];
  }
  if (!Number.isSafeInteger(amount) || Number(amount) < 100) return ['amount', 'The amount must be at least 100.'];
  if (currency !== 'INR') return ['currency', 'Currency is not supported'];
  if (!MODES.has(String(mode))) return ['mode', 'The selected mode is invalid.'];
  if (typeof purpose !== 'string' || purpose === '') return ['purpose', 'The purpose field is required.'];
  if (typeof body.queue_if_low_balance !== 'boolean') return ['queue_if_low_balance', 'Must be a boolean.'];
  if (reference_id !== undefined && (typeof reference_id !== 'string' || reference_id.length > 40)) {
    return ['reference_id', 'The reference id may not be greater than 40 characters.'];
  }
  if (narration !== undefined && (typeof narration !== 'string' || !/^[A-Za-z0-9 ]{0,30}$/.test(narration))) {
    return ['narration', 'The narration may contain only 30 letters, digits and spaces.'];
  }
  return null;
}
