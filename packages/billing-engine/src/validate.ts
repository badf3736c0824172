import { idProblem } from '@jyotishconnect/core';
import { invalidInput } from './errors.js';
import { SERVICE_TYPES, type ServiceType } from './session-record.js';

// Cheap hand-written checks of call arguments; configuration goes through zod.

/** Asserts an id by the one rule every package shares (`idProblem` in core). */
export function checkId(value: unknown, field: string): string {
  const problem = idProblem(value);
  if (problem !== null) throw invalidInput(field, problem);
  return value as string;
}

/** Asserts an instant: a non-negative integer of epoch milliseconds. */
export function checkTime(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidInput(field, 'must be a non-negative integer of epoch milliseconds');
  }
  return value;
}

/** Asserts a service type. */
export function checkService(value: unknown): ServiceType {
  if (!SERVICE_TYPES.includes(value as ServiceType)) {
    throw invalidInput('service', `must be one of ${SERVICE_TYPES.join(', ')}`);
  }
  return value as ServiceType;
}

/** Asserts a rate card entry: paise per minute and an optional commission in basis points. */
export function checkRate(ratePerMinute: number, commissionBps: number | undefined): void {
  if (!Number.isSafeInteger(ratePerMinute) || ratePerMinute < 0) {
    throw invalidInput('ratePerMinute', 'must be a non-negative safe integer of paise per minute');
  }
  if (
    commissionBps !== undefined &&
    (!Number.isInteger(commissionBps) || commissionBps < 0 || commissionBps > 10_000)
  ) {
    throw invalidInput('commissionBps', 'must be an integer from 0 to 10000');
  }
}
