import { JyotishError } from '@jyotishconnect/core';

/** Every code a {@link TransportError} can carry. Stable across releases. */
export const transportErrorCodes = [
  'INVALID_FRAME',
  'UNSUPPORTED_VERSION',
  'RATE_LIMITED',
  'NOT_SUPPORTED',
  'FORBIDDEN',
  'SESSION_NOT_FOUND',
  'SESSION_NOT_ACTIVE',
  'NOT_A_CALL',
] as const;

/** A stable transport error code such as `INVALID_FRAME`. */
export type TransportErrorCode = (typeof transportErrorCodes)[number];

/** A protocol-level failure, answered as an `error` frame with a stable code. */
export class TransportError extends JyotishError<TransportErrorCode> {}
