import { isJyotishError, type JyotishError } from '@jyotishconnect/core';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { HostError } from '../errors.js';

/**
 * The one place codes become HTTP statuses: the host's own codes (`HostError`)
 * and every package's (wallet-store, billing-engine, chat-core, ws-transport, payments).
 */
export const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  INVALID_INPUT: 400,
  SAME_ACCOUNT: 400,
  CAPTURE_EXCEEDS_HOLD: 400,
  // A webhook the provider did not sign, or one too old to be anything but a replay.
  INVALID_SIGNATURE: 400,
  STALE_EVENT: 400,
  // An unsubscribe link this host did not sign, or signed for another account or kind, or expired.
  INVALID_UNSUBSCRIBE_LINK: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INSUFFICIENT_FUNDS: 402,
  FORBIDDEN: 403,
  ACCOUNT_FROZEN: 403,
  INVALID_ROLE: 403,
  NOT_A_PARTICIPANT: 403,
  NOT_THE_AUTHOR: 403,
  CONVERSATION_CLOSED: 403,
  NOT_FOUND: 404,
  ACCOUNT_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  CONSULTANT_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  MESSAGE_NOT_FOUND: 404,
  REPLY_NOT_FOUND: 404,
  HOLD_NOT_FOUND: 404,
  TRANSACTION_NOT_FOUND: 404,
  REVIEW_NOT_FOUND: 404,
  INVOICE_NOT_FOUND: 404,
  CREDIT_NOTE_NOT_FOUND: 404,
  PAYOUT_NOT_FOUND: 404,
  NOT_IN_WAITLIST: 404,
  EMAIL_TAKEN: 409,
  ACCOUNT_EXISTS: 409,
  IDEMPOTENCY_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  USER_BUSY: 409,
  CONSULTANT_BUSY: 409,
  CONSULTANT_OFFLINE: 409,
  // Pending, rejected or suspended: hidden from the directory, and never requested.
  CONSULTANT_NOT_APPROVED: 409,
  // An approval decision the consultant's current status does not allow (rejecting an approved consultant).
  CONSULTANT_STATUS_CONFLICT: 409,
  ALREADY_QUEUED: 409,
  ALREADY_RATED: 409,
  SESSION_NOT_ENDED: 409,
  PAYMENT_METHOD_REQUIRED: 409,
  PAYOUT_ACCOUNT_REQUIRED: 409,
  // Bank details given to a host that pays out by hand: there is no RazorpayX to keep them.
  PAYOUT_ACCOUNT_UNSUPPORTED: 409,
  SAVED_METHOD_UNSUPPORTED: 409,
  ORDER_ALREADY_PAID: 409,
  PAYMENT_NOT_CAPTURED: 409,
  FUNDS_ALREADY_SPENT: 409,
  REFUND_EXCEEDS_PAYMENT: 409,
  CONSULTANT_PAID_OUT: 409,
  PAYOUT_ALREADY_SETTLED: 409,
  HOLD_NOT_OPEN: 409,
  NOT_REFUNDABLE: 409,
  REFUND_EXCEEDS_ORIGINAL: 409,
  CONCURRENT_MODIFICATION: 409,
  EDIT_WINDOW_CLOSED: 409,
  MESSAGE_DELETED: 409,
  // An online backup asked of a host that does not keep its data in the embedded PGlite.
  BACKUP_UNSUPPORTED: 409,
  // Raised by the restore command, never over HTTP; listed so every host code has a status.
  BACKUP_INVALID: 400,
  RESTORE_TARGET_NOT_EMPTY: 409,
  // Call set-up (ICE servers, TURN credentials) for a chat, or for a consultation not running.
  NOT_A_CALL: 409,
  SESSION_NOT_ACTIVE: 409,
  SERVICE_NOT_OFFERED: 422,
  POLICY_REJECTED: 422,
  REFUND_TOO_LARGE: 422,
  BELOW_MINIMUM_PAYOUT: 422,
  // A genuine payment that does not pay its order as stored.
  AMOUNT_MISMATCH: 422,
  CURRENCY_MISMATCH: 422,
  RATE_LIMITED: 429,
  PROVIDER_ERROR: 502,
  ENGINE_CLOSED: 503,
  SHUTTING_DOWN: 503,
  NOT_READY: 503,
  CLIENT_NOT_BUILT: 503,
};

/** The one error body shape of the API; `details` carries what a host error tells beyond its field (a shortfall…). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** The details a host error answers with: its own (never a package's, which stay in the logs), without `field`. */
function publicDetails(error: JyotishError<string>): Record<string, unknown> | undefined {
  if (!(error instanceof HostError)) return undefined;
  const { field: _field, ...rest } = error.details;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** Codes of the 4xx statuses Express and its body parsers raise. */
const FRAMEWORK_ERRORS: Readonly<Record<number, readonly [code: string, message: string]>> = {
  400: ['VALIDATION_FAILED', 'the request is malformed'],
  404: ['NOT_FOUND', 'no such resource'],
  413: ['PAYLOAD_TOO_LARGE', 'the body is too large'],
};

/** The JSON error body for any thrown value, with its HTTP status. */
export function errorBody(error: unknown): { status: number; body: z.infer<typeof errorBodySchema> } {
  // HostError is a JyotishError too: every coded error takes this branch.
  if (isJyotishError(error)) {
    const field = typeof error.details.field === 'string' ? error.details.field : undefined;
    const details = publicDetails(error);
    const status = STATUS_OF_CODE[error.code] ?? 400;
    const body = {
      code: error.code,
      message: error.message,
      ...(field ? { field } : {}),
      ...(details ? { details } : {}),
    };
    return { status, body: { error: body } };
  }
  const status = (error as { status?: unknown })?.status;
  if (status === 400 && (error as { type?: unknown }).type === 'entity.parse.failed') {
    return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'the body is not valid JSON' } } };
  }
  // Express and its parsers refuse some requests themselves (a path that is not valid percent-encoding…).
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [code, message] = FRAMEWORK_ERRORS[status] ?? ['INVALID_REQUEST', 'the request is malformed'];
    return { status, body: { error: { code, message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}

/** Express error handler writing {@link errorBody}; logs only unexpected errors. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const { status, body } = errorBody(error);
    if (status >= 500 && body.error.code === 'INTERNAL') logger.error({ err: error }, 'unhandled error');
    // The payments package redacts provider failures (no key, no raw response) before they reach here.
    else if (body.error.code === 'PROVIDER_ERROR') logger.warn({ err: error }, 'payment provider failed');
    res.status(status).json(body);
  };
}
