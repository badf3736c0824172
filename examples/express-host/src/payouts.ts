import { createHash } from 'node:crypto';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { HostError } from './errors.js';
import type { PayoutRecord } from './host-store/index.js';
import type { Services } from './services.js';
import { entryOf } from './wallet-entries.js';

/** The request header that makes a payout safe to retry; documented in the OpenAPI route. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** 1 to 100 visible ASCII characters, such as a UUID the client makes once per payout it means. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

/** The `Idempotency-Key` of a request; `VALIDATION_FAILED` when it is missing or malformed. */
export function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined || !IDEMPOTENCY_KEY.test(header)) {
    throw new HostError(
      'VALIDATION_FAILED',
      `the ${IDEMPOTENCY_KEY_HEADER} header is required: 1 to 100 visible ASCII characters, new for each payout`,
      { field: IDEMPOTENCY_KEY_HEADER },
    );
  }
  return header;
}

/** The payout a consultant's key names: one consultant and key always give one id, and two consultants never share one. */
export function payoutIdOf(consultantId: string, key: string): string {
  return `payout_${createHash('sha256').update(`${consultantId}\n${key}`).digest('hex').slice(0, 32)}`;
}

/** A payout as the API answers it: the record and the wallet balance right after it. */
export type PayoutResult = PayoutRecord & { readonly balance: number };

/**
 * Pays `amount` paise out of a consultant's earnings, once per idempotency
 * key: the wallet transfer's id derives from the key, so a retry with the same
 * amount replays the first payout (same answer, nothing paid twice, even when
 * the retries race) and one with another amount is `IDEMPOTENCY_CONFLICT`.
 */
export async function requestPayout(
  { config, wallet, host }: Services,
  consultantId: string,
  amount: number,
  key: string,
): Promise<PayoutResult> {
  if (amount < config.minPayout) {
    throw new HostError('BELOW_MINIMUM_PAYOUT', `the minimum payout is ${config.minPayout} paise`, { field: 'amount' });
  }
  const id = payoutIdOf(consultantId, key);
  // Money leaves the platform: back to the external funding account, guarded by the wallet's zero floor.
  const transfer = await wallet.transfer({
    id: `payout:${id}`,
    from: consultantId,
    to: SYSTEM_ACCOUNTS.funding,
    amount,
    metadata: { payoutId: id, provider: 'simulated' },
  });
  const payout: PayoutRecord = { id, consultantId, amount, status: 'paid', createdAt: transfer.createdAt };
  await host.payouts.insert(payout); // `duplicate` on a retry, or completes one that crashed after the transfer
  const entry = await entryOf(wallet, consultantId, transfer);
  return { ...payout, balance: entry?.balanceAfter ?? 0 };
}
