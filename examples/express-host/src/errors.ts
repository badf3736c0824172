import { JyotishError, type JyotishErrorOptions } from '@jyotishconnect/core';

/**
 * The codes the host raises itself; the packages raise theirs. Each has an
 * HTTP status in `http/errors.ts`, the one table that maps codes to statuses.
 */
export const HOST_ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'ACCOUNT_FROZEN',
  'NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'ORDER_NOT_FOUND',
  'CONSULTANT_NOT_FOUND',
  'REVIEW_NOT_FOUND',
  'INVOICE_NOT_FOUND',
  'CREDIT_NOTE_NOT_FOUND',
  'EMAIL_TAKEN',
  'ALREADY_RATED',
  'SESSION_NOT_ENDED',
  'CONSULTANT_OFFLINE',
  'CONSULTANT_NOT_APPROVED',
  'CONSULTANT_STATUS_CONFLICT',
  'PAYMENT_METHOD_REQUIRED',
  'PAYOUT_ACCOUNT_REQUIRED',
  'PAYOUT_ACCOUNT_UNSUPPORTED',
  'CONSULTANT_PAID_OUT',
  'REFUND_EXCEEDS_ORIGINAL',
  'REFUND_TOO_LARGE',
  'RATE_LIMITED',
  'SHUTTING_DOWN',
  'NOT_READY',
  'CLIENT_NOT_BUILT',
  'INVALID_UNSUBSCRIBE_LINK',
  'NOT_IN_WAITLIST',
  'BACKUP_UNSUPPORTED',
  'BACKUP_INVALID',
  'RESTORE_TARGET_NOT_EMPTY',
  'NOT_A_CALL',
  'SESSION_NOT_ACTIVE',
] as const;

/** A code the host raises. */
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

/** Options of {@link HostError}: the core options, and the input field at fault, if one is. */
export interface HostErrorOptions extends JyotishErrorOptions {
  /** The request field (`email`, `amount`, a header…) the error is about; the API answers it as `field`. */
  field?: string;
}

/**
 * An error the host raises on purpose. A core error, so the HTTP layer and the
 * WebSocket transport report its code as they report the packages' codes.
 *
 * @example
 * ```ts
 * throw new HostError('EMAIL_TAKEN', 'an account with this email exists', { field: 'email' });
 * ```
 */
export class HostError extends JyotishError<HostErrorCode> {
  /** The request field at fault, if one is; also in `details`, where the packages' errors carry it. */
  readonly field: string | undefined;

  constructor(code: HostErrorCode, message: string, options: HostErrorOptions = {}) {
    const { field, details, cause } = options;
    super(code, message, { cause, details: field === undefined ? details : { ...details, field } });
    this.field = field;
  }
}
