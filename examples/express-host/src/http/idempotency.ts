import { createHash } from 'node:crypto';
import { HostError } from '../errors.js';

/** The request header that makes a payout or a refund safe to retry; documented on each route that needs it. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** How the OpenAPI document describes the header. */
export const IDEMPOTENCY_KEY_DOC =
  'A key of 1 to 100 visible ASCII characters (a UUID), new for each operation meant and reused for its retries';

/** 1 to 100 visible ASCII characters, such as a UUID the client makes once per operation it means. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

/** The `Idempotency-Key` of a request; `VALIDATION_FAILED` when it is missing or malformed. */
export function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined || !IDEMPOTENCY_KEY.test(header)) {
    throw new HostError(
      'VALIDATION_FAILED',
      `the ${IDEMPOTENCY_KEY_HEADER} header is required: 1 to 100 visible ASCII characters, new for each operation`,
      { field: IDEMPOTENCY_KEY_HEADER },
    );
  }
  return header;
}

/**
 * The id of a top-up refund an admin's key names: one order and key always
 * give one refund, two orders never share one. 39 characters, within
 * Razorpay's receipt limit, and sent to the provider as its idempotency key.
 */
export function topUpRefundIdOf(orderId: string, key: string): string {
  return `refund_${createHash('sha256').update(`${orderId}\n${key}`).digest('hex').slice(0, 32)}`;
}
