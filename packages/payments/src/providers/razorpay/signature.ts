import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `signature` is the hex HMAC-SHA256 of `message` under `secret`, as
 * Razorpay signs checkout confirmations and webhooks. The SDK's own
 * `validateWebhookSignature` and `validatePaymentVerification` compute the same
 * HMAC but compare with `===`; this compares in constant time, and over the
 * raw bytes rather than a re-decoded string.
 */
export function signatureMatches(message: string | Uint8Array, signature: string, secret: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(message).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
