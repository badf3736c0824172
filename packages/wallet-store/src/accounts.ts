import type { AccountType } from './types.js';

/** Default ids of the platform's system accounts for one currency. */
export const SYSTEM_ACCOUNTS = {
  /** Money entering from outside (payment gateway top-ups); goes negative as money comes in. */
  funding: 'system:funding',
  /** Platform commission earned on consultations. */
  revenue: 'system:revenue',
  /** Funds promotions such as free first-consultation minutes. */
  promotions: 'system:promotions',
  /** Funds goodwill refunds that are not reversals of a charge. */
  refunds: 'system:refunds',
} as const;

/** Account types whose available balance may never go below zero. */
export function hasZeroFloor(type: AccountType): boolean {
  return type !== 'system';
}

/**
 * How many balance rows an account is spread over. Every consultation credits
 * the same platform accounts; sharding them keeps SQL and MongoDB writers from
 * queueing on one row. Wallets keep one row so their floor is checked exactly.
 */
export function balanceShards(type: AccountType): number {
  return type === 'system' ? 8 : 1;
}
