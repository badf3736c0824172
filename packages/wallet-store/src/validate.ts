import { idProblem } from '@jyotishconnect/core';
import { invalidInput, WalletError } from './errors.js';
import type { WalletLimits } from './inputs.js';
import { splitAmount } from './money.js';
import type { AccountType, CommissionSpec, Metadata } from './types.js';

// Cheap hand-written checks: these run on every transfer, where a schema
// parse would cost more than the ledger write itself.

const MAX_METADATA_KEYS = 32;
const DEFAULT_LIMITS: WalletLimits = { maxAmount: 1e12, maxBalance: 1e12 };
const MAX_LIMIT = Number.MAX_SAFE_INTEGER;
const MAX_METADATA_STRING = 500;
const EMPTY_METADATA: Metadata = Object.freeze({});
const ACCOUNT_TYPES: readonly AccountType[] = ['user', 'consultant', 'system'];

/** Asserts an id by the one rule every package shares (`idProblem` in core). */
export function checkId(value: unknown, field: string): string {
  const problem = idProblem(value);
  if (problem !== null) throw invalidInput(field, problem);
  return value as string;
}

/** Asserts an array of 1 to `max` distinct ids and returns a private copy. */
export function checkIdList(value: unknown, field: string, max: number): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) {
    throw invalidInput(field, `must be an array of 1 to ${max} ids`);
  }
  const ids = value.map((item: unknown) => checkId(item, field));
  if (new Set(ids).size !== ids.length) throw invalidInput(field, 'must not list an id twice');
  return ids;
}

/** Asserts a positive integer amount of paise, at most `max`. */
export function checkAmount(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidInput(field, 'must be a positive safe integer number of paise');
  }
  if (value > max) throw invalidInput(field, `must be at most ${max} paise`);
  return value;
}

/** Asserts exactly one of `commissionBps` (0 to 10,000) or `commission` (non-negative paise). */
export function checkCommission(input: { commissionBps?: unknown; commission?: unknown }): CommissionSpec {
  if (input.commission === undefined) return { commissionBps: checkBps(input.commissionBps, 'commissionBps') };
  if (input.commissionBps !== undefined) throw invalidInput('commission', 'cannot be given with commissionBps');
  const { commission } = input;
  if (typeof commission !== 'number' || !Number.isSafeInteger(commission) || commission < 0) {
    throw invalidInput('commission', 'must be a non-negative integer number of paise');
  }
  return { commission };
}

/** The platform's paise of a split charge of `amount`; a `commission` above the amount is `INVALID_INPUT`. */
export function commissionPaise(spec: CommissionSpec, amount: number): number {
  if ('commissionBps' in spec) return splitAmount(amount, spec.commissionBps).commission;
  if (spec.commission > amount) throw invalidInput('commission', 'must not exceed the amount');
  return spec.commission;
}

/** The wallet's ceilings, defaults applied. */
export function checkLimits(limits: Partial<WalletLimits> = {}): WalletLimits {
  const checked = { ...DEFAULT_LIMITS, ...limits };
  for (const field of ['maxAmount', 'maxBalance'] as const) {
    const value = checked[field];
    if (!Number.isSafeInteger(value) || value < 1 || value > MAX_LIMIT) {
      throw invalidInput(`limits.${field}`, `must be an integer from 1 to ${MAX_LIMIT}`);
    }
  }
  return checked;
}

/** Asserts commission in basis points: an integer from 0 to 10,000. */
export function checkBps(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000) {
    throw invalidInput(field, 'must be an integer number of basis points from 0 to 10000');
  }
  return value;
}

/** Asserts an epoch-millisecond timestamp. */
export function checkTime(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidInput(field, 'must be a non-negative integer of epoch milliseconds');
  }
  return value;
}

/** Asserts an account type. */
export function checkAccountType(value: unknown): AccountType {
  if (!ACCOUNT_TYPES.includes(value as AccountType)) {
    throw invalidInput('type', `must be one of ${ACCOUNT_TYPES.join(', ')}`);
  }
  return value as AccountType;
}

/** Asserts an ISO 4217-shaped currency code. */
export function checkCurrency(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
    throw invalidInput('currency', 'must be a three-letter upper-case ISO 4217 code');
  }
  return value;
}

/** Asserts flat, JSON-safe metadata and returns a private copy. */
export function checkMetadata(value: unknown): Metadata {
  if (value === undefined) return EMPTY_METADATA;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput('metadata', 'must be a plain object');
  }
  // Keys, not entries: no pair array per key on a path every hold and charge takes.
  const keys = Object.keys(value);
  if (keys.length > MAX_METADATA_KEYS) throw invalidInput('metadata', `may have at most ${MAX_METADATA_KEYS} keys`);
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    const ok =
      item === null ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item)) ||
      (typeof item === 'string' && item.length <= MAX_METADATA_STRING);
    if (!ok) throw invalidInput(`metadata.${key}`, 'must be a string, finite number, boolean or null');
  }
  return { ...(value as Metadata) };
}

/** Deep equality of JSON-like values, ignoring key order (stored JSON may reorder keys). */
export function sameRequest(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => sameRequest((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Throws `SAME_ACCOUNT` naming the first two fields that name one account. */
export function assertDistinct(ids: readonly string[], fields: readonly string[]): void {
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      if (ids[i] === ids[j]) throw sameAccount(ids[i] as string, fields[i] as string, fields[j] as string);
    }
  }
}

/** {@link assertDistinct} of two ids, with no arrays to build: every transfer and top-up runs it. */
export function assertTwoDistinct(first: string, second: string, firstField: string, secondField: string): void {
  if (first === second) throw sameAccount(first, firstField, secondField);
}

function sameAccount(accountId: string, firstField: string, secondField: string): WalletError {
  return new WalletError('SAME_ACCOUNT', `${firstField} and ${secondField} must be different accounts`, {
    details: { accountId, fields: [firstField, secondField] },
  });
}
