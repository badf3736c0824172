import { JyotishError } from '@jyotishconnect/core';

/** Every code a {@link BillingError} can carry. Stable across releases. */
export const billingErrorCodes = [
  'INVALID_INPUT',
  'INVALID_ROLE',
  'INSUFFICIENT_FUNDS',
  'SESSION_NOT_FOUND',
  'NOT_A_PARTICIPANT',
  'INVALID_TRANSITION',
  'USER_BUSY',
  'CONSULTANT_BUSY',
  'SERVICE_NOT_OFFERED',
  'ALREADY_QUEUED',
  'CONCURRENT_MODIFICATION',
  'ENGINE_CLOSED',
] as const;

/** A stable billing error code such as `CONSULTANT_BUSY`. */
export type BillingErrorCode = (typeof billingErrorCodes)[number];

/** The error every billing-engine operation throws on purpose. */
export class BillingError extends JyotishError<BillingErrorCode> {}

/** Builds the `INVALID_INPUT` error for one named field. */
export function invalidInput(field: string, problem: string): BillingError {
  return new BillingError('INVALID_INPUT', `${field} ${problem}`, { details: { field } });
}

/** Builds the `INVALID_ROLE` error: an account does not have the role its place in a session needs. */
export function invalidRole(accountId: string, expected: string, actual: string | null): BillingError {
  return new BillingError('INVALID_ROLE', `${accountId} must have role ${expected}, not ${actual ?? 'none'}`, {
    details: { accountId, expected, actual },
  });
}

/** Builds the `INSUFFICIENT_FUNDS` error: the wallet does not cover the minimum a session needs. */
export function insufficientFunds(accountId: string, required: number, available: number): BillingError {
  return new BillingError('INSUFFICIENT_FUNDS', `${accountId} has ${available} paise available, ${required} needed`, {
    details: { accountId, required, available },
  });
}

/** Builds the `SESSION_NOT_FOUND` error. */
export function sessionNotFound(sessionId: string): BillingError {
  return new BillingError('SESSION_NOT_FOUND', `session ${sessionId} does not exist`, { details: { sessionId } });
}

/** Builds the `NOT_A_PARTICIPANT` error: the actor is neither the session's user nor its consultant. */
export function notAParticipant(sessionId: string, actorId: string): BillingError {
  return new BillingError('NOT_A_PARTICIPANT', `${actorId} is not a participant of session ${sessionId}`, {
    details: { sessionId, actorId },
  });
}

/** Builds the `INVALID_TRANSITION` error: the session's status does not allow the action. */
export function invalidTransition(sessionId: string, status: string, action: string): BillingError {
  return new BillingError('INVALID_TRANSITION', `cannot ${action} session ${sessionId} while it is ${status}`, {
    details: { sessionId, status, action },
  });
}

/** Builds the `USER_BUSY` error: the user already has a pending or active session. */
export function userBusy(userId: string): BillingError {
  return new BillingError('USER_BUSY', `${userId} already has a pending or active session`, { details: { userId } });
}

/** Builds the `CONSULTANT_BUSY` error: the consultant has no free slot (join the waitlist instead). */
export function consultantBusy(consultantId: string): BillingError {
  return new BillingError('CONSULTANT_BUSY', `${consultantId} is busy`, { details: { consultantId } });
}

/** Builds the `SERVICE_NOT_OFFERED` error: no rate for this consultant and service type. */
export function serviceNotOffered(consultantId: string, service: string): BillingError {
  return new BillingError('SERVICE_NOT_OFFERED', `${consultantId} has no rate for ${service}`, {
    details: { consultantId, service },
  });
}

/** Builds the `ALREADY_QUEUED` error: a user may wait in one queue at a time. */
export function alreadyQueued(userId: string, consultantId: string): BillingError {
  return new BillingError('ALREADY_QUEUED', `${userId} is already waiting for ${consultantId}`, {
    details: { userId, consultantId },
  });
}

/** Builds the `CONCURRENT_MODIFICATION` error: the session kept changing under the action. */
export function concurrentModification(sessionId: string): BillingError {
  return new BillingError('CONCURRENT_MODIFICATION', `session ${sessionId} kept changing; try again`, {
    details: { sessionId },
  });
}

/** Builds the `ENGINE_CLOSED` error. */
export function engineClosed(): BillingError {
  return new BillingError('ENGINE_CLOSED', 'the billing engine is closed');
}
