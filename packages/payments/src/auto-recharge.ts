import { createHash } from 'node:crypto';
import { type Clock, systemClock } from '@jyotishconnect/core';
import type { Transaction, Wallet } from '@jyotishconnect/wallet-store';
import type { Payments } from './payments.js';
import type { SavedMethod } from './provider.js';
import type { SavedMethodChargeResult } from './saved-method.js';

/** A user's auto-recharge: add `amount` when a debit takes the balance below `threshold`, charged to `method`. */
export interface AutoRechargeSetting {
  readonly threshold: number;
  readonly amount: number;
  /** The saved method to charge; without one, nothing is charged. */
  readonly method: SavedMethod | null;
}

/** What the recharger did about one threshold crossing. */
export type AutoRechargeEvent =
  | { readonly userId: string; readonly debitId: string; readonly result: SavedMethodChargeResult }
  | { readonly userId: string; readonly debitId: string; readonly skipped: 'no-saved-method' | 'daily-limit' };

/** Options of {@link createAutoRecharger}. */
export interface AutoRechargeOptions {
  readonly wallet: Wallet;
  readonly payments: Payments;
  /** The user's setting, or `null` when auto-recharge is off. */
  readonly settingOf: (userId: string) => Promise<AutoRechargeSetting | null>;
  /** Charges tried per user in any 24 hours, declined ones included; default 3. */
  readonly maxPerDay?: number;
  readonly clock?: Clock;
  /** Told of every crossing handled: a charge (captured, declined or pending) or why none was tried. */
  readonly onEvent?: (event: AutoRechargeEvent) => void;
  /** Told of a failure (a provider error, a store outage); the crossing is not retried. */
  readonly onError?: (error: unknown, userId: string) => void;
}

/** Tops users up when a debit takes their wallet below their threshold. */
export interface AutoRecharger {
  /** Reacts to a committed wallet transaction; wire it to the wallet's `transaction` event. */
  onTransaction(transaction: Transaction): void;
  /** Resolves when no recharge is in flight. */
  idle(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The order id of the recharge a crossing debit triggers: one per (user, debit), from any process. */
export function autoRechargeOrderId(userId: string, debitId: string): string {
  return `auto_${createHash('sha256').update(`${userId}\n${debitId}`).digest('hex').slice(0, 32)}`;
}

/** Whether a debit of `amount` (negative) took a balance from at or above `threshold` to below it. */
export function crossedBelow(balanceAfter: number, amount: number, threshold: number): boolean {
  return balanceAfter < threshold && balanceAfter - amount >= threshold;
}

/**
 * Recharges once per threshold crossing: only the debit that took the
 * balance from at or above the threshold to below it triggers, never every
 * debit while below. Checks run one at a time per wallet, the charge is keyed
 * by the crossing debit, and at most `maxPerDay` charges are tried per user
 * in 24 hours, so a declining card is never charged in a loop.
 */
export function createAutoRecharger(options: AutoRechargeOptions): AutoRecharger {
  const { wallet, payments, settingOf, onEvent, onError } = options;
  const clock = options.clock ?? systemClock;
  const maxPerDay = options.maxPerDay ?? 3;
  const queues = new Map<string, Promise<void>>();

  const chargesToday = async (userId: string) => {
    const since = clock.now() - DAY_MS;
    const recent = await payments.ordersOf(userId, 100);
    return recent.filter((order) => order.id.startsWith('auto_') && order.createdAt >= since).length;
  };

  const rechargeIfCrossed = async (userId: string, debit: Transaction, amount: number) => {
    const setting = await settingOf(userId);
    if (!setting) return;
    const balanceAfter = (await wallet.entryOf(userId, debit))?.balanceAfter ?? null;
    if (balanceAfter === null || !crossedBelow(balanceAfter, amount, setting.threshold)) return;
    if (!setting.method) return onEvent?.({ userId, debitId: debit.id, skipped: 'no-saved-method' });
    const id = autoRechargeOrderId(userId, debit.id);
    if (!(await payments.getOrder(id)) && (await chargesToday(userId)) >= maxPerDay) {
      return onEvent?.({ userId, debitId: debit.id, skipped: 'daily-limit' });
    }
    const result = await payments.chargeSavedMethod({ id, userId, amount: setting.amount, method: setting.method });
    onEvent?.({ userId, debitId: debit.id, result });
  };

  const enqueue = (userId: string, step: () => Promise<void>) => {
    const queued = (queues.get(userId) ?? Promise.resolve())
      .then(step)
      .catch((error: unknown) => onError?.(error, userId))
      .finally(() => {
        if (queues.get(userId) === queued) queues.delete(userId);
      });
    queues.set(userId, queued);
  };

  return {
    onTransaction: (transaction) => {
      if (transaction.kind === 'topup') return;
      for (const { accountId, amount } of transaction.postings) {
        if (amount < 0) enqueue(accountId, () => rechargeIfCrossed(accountId, transaction, amount));
      }
    },
    idle: async () => {
      while (queues.size > 0) await Promise.all(queues.values());
    },
  };
}
