import { createHash } from 'node:crypto';
import { z } from 'zod';
import { invalidInput, invalidSignature, providerError } from '../../errors.js';
import type {
  PayoutEvent,
  PayoutProvider,
  PayoutRequest,
  ProviderPayout,
  ProviderPayoutStatus,
} from '../../payout-provider.js';
import { redact } from './client.js';
import { RAZORPAY_API_URL } from './options.js';
import { translatePayoutWebhook } from './payout-events.js';
import { RAZORPAY_EVENT_ID_HEADER, RAZORPAY_SIGNATURE_HEADER } from './provider.js';
import { signatureMatches } from './signature.js';
import { postRazorpayX } from './x-request.js';

// RazorpayX payouts through POST /v1/payouts with plain fetch: the razorpay
// SDK has no payouts API. One call, Basic auth, an idempotency key per payout.

/** RazorpayX's header that makes a payout request idempotent. */
export const PAYOUT_IDEMPOTENCY_HEADER = 'X-Payout-Idempotency';

/** RazorpayX's longest `reference_id`. */
const MAX_REFERENCE_LENGTH = 40;

const nonEmpty = z.string().min(1);
const optionsSchema = z.object({
  keyId: nonEmpty,
  keySecret: nonEmpty,
  webhookSecret: nonEmpty,
  accountNumber: nonEmpty,
  fundAccountOf: z.custom<(consultantId: string) => Promise<string>>((value) => typeof value === 'function'),
  mode: z.enum(['IMPS', 'NEFT', 'RTGS', 'UPI']).default('IMPS'),
  // What the consultant's bank statement shows: at most 30 letters, digits and spaces.
  narration: z
    .string()
    .regex(/^[A-Za-z0-9 ]{1,30}$/)
    .default('Consultation earnings'),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .default(RAZORPAY_API_URL)
    .transform((url) => url.replace(/\/+$/, '')),
});

/** Options of {@link createRazorpayXPayoutProvider}. */
export interface RazorpayXPayoutOptions {
  /** The API key id; RazorpayX uses the same keys as the payment gateway. */
  readonly keyId: string;
  /** The key secret; never leaves the server. */
  readonly keySecret: string;
  /** The secret of the payout webhook set in RazorpayX's dashboard. */
  readonly webhookSecret: string;
  /** The RazorpayX account (current account or RazorpayX Lite) the money leaves from; not the consultant's. */
  readonly accountNumber: string;
  /** The consultant's RazorpayX fund account (`fa_…`): the bank account or VPA paid. */
  readonly fundAccountOf: (consultantId: string) => Promise<string>;
  /** The transfer rail; default `IMPS`. `UPI` needs a VPA fund account. */
  readonly mode?: 'IMPS' | 'NEFT' | 'RTGS' | 'UPI';
  /** The statement text, at most 30 letters, digits and spaces; default `Consultation earnings`. */
  readonly narration?: string;
  /** The API host; defaults to Razorpay's. Tests point it at a local fake. */
  readonly baseUrl?: string;
}

const payoutAnswer = z.object({ id: z.string().regex(/^pout_/), status: z.string() });

/** RazorpayX's payout statuses as the payout rules see them. `reversed` normally arrives only by webhook. */
const STATUSES: Readonly<Record<string, ProviderPayoutStatus>> = {
  queued: 'processing',
  pending: 'processing',
  processing: 'processing',
  processed: 'processed',
  rejected: 'failed',
  cancelled: 'failed',
  failed: 'failed',
  reversed: 'failed',
};

/** The idempotency key of a payout: its id when RazorpayX accepts it (4–36 of `A-Za-z0-9_-` and space), else the id's SHA-256, cut to 36 hex digits. */
export function payoutIdempotencyKey(payoutId: string): string {
  return /^[A-Za-z0-9_ -]{4,36}$/.test(payoutId)
    ? payoutId
    : createHash('sha256').update(payoutId).digest('hex').slice(0, 36);
}

/** Consultant payouts through RazorpayX's Payouts API, settled by its payout webhooks. */
export class RazorpayXPayoutProvider implements PayoutProvider {
  readonly name = 'razorpayx';
  readonly #options: z.output<typeof optionsSchema>;
  /** Requests under way per idempotency key: concurrent asks of one payout in this process send one request. */
  readonly #inFlight = new Map<string, Promise<ProviderPayout>>();

  constructor(options: RazorpayXPayoutOptions) {
    const parsed = optionsSchema.safeParse(options ?? {});
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? 'options');
      throw invalidInput(field, 'is missing or invalid');
    }
    this.#options = parsed.data;
  }

  async createPayout(request: PayoutRequest): Promise<ProviderPayout> {
    const key = payoutIdempotencyKey(request.payoutId);
    const running = this.#inFlight.get(key);
    if (running) return await running;
    const started = this.#create(request, key).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return await started;
  }

  /** Razorpay signs the raw body with no timestamp: a replay verifies, and settling a payout twice is harmless. */
  async parsePayoutWebhook(
    rawBody: string | Uint8Array,
    headers: Readonly<Record<string, unknown>>,
  ): Promise<PayoutEvent> {
    const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
    const signature = headerOf(headers, RAZORPAY_SIGNATURE_HEADER);
    if (signature === undefined || !signatureMatches(body, signature, this.#options.webhookSecret)) {
      throw invalidSignature(this.name, 'the payout webhook');
    }
    return translatePayoutWebhook(body, headerOf(headers, RAZORPAY_EVENT_ID_HEADER));
  }

  async #create(request: PayoutRequest, key: string): Promise<ProviderPayout> {
    const { payoutId, consultantId, amount, currency } = request;
    if (payoutId.length > MAX_REFERENCE_LENGTH) {
      throw invalidInput('payoutId', `must be at most ${MAX_REFERENCE_LENGTH} characters, RazorpayX's reference limit`);
    }
    const fundAccountId = await this.#options.fundAccountOf(consultantId);
    if (typeof fundAccountId !== 'string' || !/^fa_[A-Za-z0-9]+$/.test(fundAccountId)) {
      throw invalidInput('fundAccountOf', `gave no fund account (fa_…) for ${consultantId}`);
    }
    const { accountNumber, mode, narration } = this.#options;
    const answer = await postRazorpayX(
      this.#options,
      '/v1/payouts',
      {
        account_number: accountNumber,
        fund_account_id: fundAccountId,
        amount,
        currency,
        mode,
        purpose: 'payout',
        queue_if_low_balance: true,
        reference_id: payoutId,
        narration,
      },
      { operation: 'create a payout', headers: { [PAYOUT_IDEMPOTENCY_HEADER]: key } },
    );
    const payout = payoutAnswer.safeParse(answer);
    const status = payout.success ? STATUSES[payout.data.status] : undefined;
    if (!payout.success || !status) {
      const unexpected = new Error(
        redact(`unexpected answer: ${JSON.stringify(answer)?.slice(0, 200)}`, this.#options.keySecret),
      );
      throw providerError(this.name, 'create a payout', unexpected);
    }
    return { providerPayoutId: payout.data.id, status };
  }
}

/** A header's single value; a repeated header counts as absent. */
function headerOf(headers: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = headers[name];
  if (typeof value === 'string') return value;
  return Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined;
}

/**
 * Creates the RazorpayX payout provider; throws `INVALID_INPUT` naming a missing or invalid option.
 * @example
 * const provider = createRazorpayXPayoutProvider({ keyId, keySecret, webhookSecret, accountNumber, fundAccountOf });
 * const payouts = createPayouts({ wallet, store, provider });
 */
export function createRazorpayXPayoutProvider(options: RazorpayXPayoutOptions): RazorpayXPayoutProvider {
  return new RazorpayXPayoutProvider(options);
}
