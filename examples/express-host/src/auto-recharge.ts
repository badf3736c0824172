import type { Transaction, Wallet } from '@jyotishconnect/wallet-store';
import type { Logger } from 'pino';
import type { AutoRechargeStore } from './host-store/index.js';
import { entryOf } from './wallet-entries.js';

/** A payment provider that can charge a user's saved payment method (today only demo mode's simulated one). */
export interface SavedMethodCharger {
  /** Charges `amount` paise into the user's wallet; the same `key` charges once. */
  chargeSavedMethod(userId: string, amount: number, key: string): Promise<void>;
}

/** Whether a debit of `amount` (negative) took a balance from at or above `threshold` to below it. */
export function crossedBelow(balanceAfter: number, amount: number, threshold: number): boolean {
  return balanceAfter < threshold && balanceAfter - amount >= threshold;
}

/** Tops users up when a debit takes their wallet below their auto-recharge threshold. */
export interface AutoRecharger {
  /** Reacts to a committed wallet transaction (wired to the wallet's `transaction` event). */
  onTransaction(transaction: Transaction): void;
  /** Resolves when no recharge is in flight. */
  idle(): Promise<void>;
}

/** Dependencies of {@link createAutoRecharger}. */
export interface AutoRechargeDeps {
  readonly wallet: Wallet;
  readonly settings: AutoRechargeStore;
  readonly charger: SavedMethodCharger;
  readonly logger: Logger;
}

/**
 * Recharges once per threshold crossing: only the debit that took the balance
 * from at or above the threshold to below it triggers, not every debit while
 * below. Checks run one at a time per wallet, so at most one recharge is in
 * flight for it; the charge is keyed by the crossing debit's id, so a replayed
 * event, or a second process seeing the same debit, recharges once.
 */
export function createAutoRecharger({ wallet, settings, charger, logger }: AutoRechargeDeps): AutoRecharger {
  const queues = new Map<string, Promise<void>>();

  const rechargeIfCrossed = async (userId: string, transaction: Transaction, amount: number) => {
    const setting = await settings.settingOf(userId);
    if (!setting) return;
    const entry = await entryOf(wallet, userId, transaction);
    if (entry?.balanceAfter == null || !crossedBelow(entry.balanceAfter, amount, setting.threshold)) return;
    await charger.chargeSavedMethod(userId, setting.amount, transaction.id);
    logger.info({ userId, amount: setting.amount, debit: transaction.id }, 'auto-recharge');
  };

  const enqueue = (userId: string, step: () => Promise<void>) => {
    const queued = (queues.get(userId) ?? Promise.resolve())
      .then(step)
      .catch((error: unknown) => logger.warn({ err: error, userId }, 'auto-recharge failed'))
      .finally(() => {
        if (queues.get(userId) === queued) queues.delete(userId);
      });
    queues.set(userId, queued);
  };

  return {
    onTransaction: (transaction) => {
      if (transaction.kind === 'topup') return;
      for (const { accountId, amount } of transaction.postings) {
        if (amount < 0 && accountId.startsWith('user:')) {
          enqueue(accountId, () => rechargeIfCrossed(accountId, transaction, amount));
        }
      }
    },
    idle: async () => {
      while (queues.size > 0) await Promise.all(queues.values());
    },
  };
}
