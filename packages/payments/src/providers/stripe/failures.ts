import Stripe from 'stripe';
import { invalidSignature, PaymentError } from '../../errors.js';

const KEY_PATTERN = /\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9]+|\bwhsec_[A-Za-z0-9]+/g;

/** Removes every configured secret, and anything shaped like a Stripe key, from a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) if (secret) safe = safe.split(secret).join('[redacted]');
  return safe.replace(KEY_PATTERN, '[redacted]');
}

/**
 * Translates an SDK failure into a coded error. The SDK error itself is not
 * kept as the cause (it carries raw responses); the cause is a plain error
 * with a redacted message, so logging the cause chain leaks no key.
 */
export function stripeFailure(operation: string, error: unknown, secrets: readonly string[]): PaymentError {
  if (error instanceof PaymentError) return error;
  const sdk = error instanceof Stripe.errors.StripeError ? error : undefined;
  const detail = sdk?.detail instanceof Error ? `: ${sdk.detail.message}` : '';
  const cause = new Error(redact(`${error instanceof Error ? error.message : String(error)}${detail}`, secrets));
  cause.name = sdk?.type ?? (error instanceof Error ? error.name : 'Error');
  const details = {
    provider: 'stripe',
    operation,
    ...(sdk?.statusCode === undefined ? {} : { statusCode: sdk.statusCode }),
    ...(sdk?.requestId === undefined ? {} : { requestId: sdk.requestId }),
    ...(sdk?.code === undefined ? {} : { stripeCode: sdk.code }),
  };
  if (sdk instanceof Stripe.errors.StripeIdempotencyError) {
    return new PaymentError('IDEMPOTENCY_CONFLICT', `stripe refused to ${operation}: key reused differently`, {
      cause,
      details,
    });
  }
  return new PaymentError('PROVIDER_ERROR', `stripe failed to ${operation}`, { cause, details });
}

/**
 * Verifies a webhook with the SDK. A signature that matches but is older than
 * the tolerance is `STALE_EVENT`; anything else the SDK refuses is
 * `INVALID_SIGNATURE`. Staleness is decided by verifying again without the
 * age check (tolerance 0), not by reading the SDK's message.
 */
export async function verifiedEvent(
  stripe: Stripe,
  rawBody: string | Uint8Array,
  header: string,
  secret: string,
  toleranceSeconds: number,
  receivedAt: number,
): Promise<Stripe.Event> {
  try {
    return await stripe.webhooks.constructEventAsync(rawBody, header, secret, toleranceSeconds, undefined, receivedAt);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError && stripe.webhooks.signature) {
      const signedButOld = await stripe.webhooks.signature
        .verifyHeaderAsync(rawBody, header, secret, 0, undefined, receivedAt)
        .catch(() => false);
      if (signedButOld) {
        throw new PaymentError('STALE_EVENT', 'the webhook is older than the tolerance; a replay is refused', {
          details: { provider: 'stripe' },
        });
      }
    }
    throw invalidSignature('stripe', 'the webhook');
  }
}
