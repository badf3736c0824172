import { JyotishError } from '@jyotishconnect/core';

/** Every code a {@link PaymentError} can carry. Stable across releases. */
export const paymentErrorCodes = [
  'INVALID_INPUT',
  'INVALID_SIGNATURE',
  'STALE_EVENT',
  'ORDER_NOT_FOUND',
  'AMOUNT_MISMATCH',
  'CURRENCY_MISMATCH',
  'ORDER_ALREADY_PAID',
  'PAYMENT_NOT_CAPTURED',
  'IDEMPOTENCY_CONFLICT',
  'FUNDS_ALREADY_SPENT',
  'REFUND_EXCEEDS_PAYMENT',
  'PROVIDER_ERROR',
  'SAVED_METHOD_UNSUPPORTED',
  'BELOW_MINIMUM_PAYOUT',
  'PAYOUT_NOT_FOUND',
  'PAYOUT_ALREADY_SETTLED',
] as const;

/** A stable payment error code such as `INVALID_SIGNATURE`. */
export type PaymentErrorCode = (typeof paymentErrorCodes)[number];

/** The error every payments operation throws on purpose; nothing was credited when it is thrown. */
export class PaymentError extends JyotishError<PaymentErrorCode> {}

/** Builds the `INVALID_INPUT` error for one named field. */
export function invalidInput(field: string, problem: string): PaymentError {
  return new PaymentError('INVALID_INPUT', `${field} ${problem}`, { details: { field } });
}

/** Builds the `INVALID_SIGNATURE` error: a webhook or confirmation the provider did not sign. */
export function invalidSignature(provider: string, what: string): PaymentError {
  return new PaymentError('INVALID_SIGNATURE', `${what} is not signed by ${provider}`, { details: { provider } });
}

/** Builds the `PROVIDER_ERROR` error: the provider's API refused or failed a call. */
export function providerError(provider: string, operation: string, cause: unknown): PaymentError {
  return new PaymentError('PROVIDER_ERROR', `${provider} failed to ${operation}`, {
    cause,
    details: { provider, operation },
  });
}
