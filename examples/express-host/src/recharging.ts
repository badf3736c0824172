import type { Clock } from '@jyotishconnect/core';
import {
  type AutoRechargeEvent,
  type AutoRecharger,
  createAutoRecharger,
  type Payments,
} from '@jyotishconnect/payments';
import type { Wallet } from '@jyotishconnect/wallet-store';
import type { Logger } from 'pino';
import type { AutoRechargeStore } from './host-store/index.js';

/** What {@link rechargeUsers} needs. */
export interface RechargeDeps {
  readonly wallet: Wallet;
  readonly payments: Payments;
  readonly settings: AutoRechargeStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Logs what the recharger did about a crossing. A declined charge and a
 * crossing past the daily limit are warnings (the user's balance stays low);
 * nothing logged here carries the saved method's references.
 */
function logRecharge(logger: Logger, event: AutoRechargeEvent): void {
  const { userId, debitId } = event;
  if ('skipped' in event) {
    if (event.skipped === 'daily-limit') logger.warn({ userId, debitId }, 'auto-recharge skipped: daily limit reached');
    else logger.debug({ userId, debitId }, 'auto-recharge skipped: no saved payment method');
    return;
  }
  const { order, charged } = event.result;
  const fields = { userId, debitId, orderId: order.id, amount: order.amount, status: order.status };
  if (order.status === 'failed') logger.warn({ ...fields, reason: order.failureReason }, 'auto-recharge declined');
  else if (charged) logger.info(fields, 'auto-recharge');
}

/**
 * The payments package's auto-recharger over the host's settings: only user
 * wallets have a setting, and one without a saved method charges nothing.
 * The caller wires it to the wallet's `transaction` event.
 */
export function rechargeUsers({ wallet, payments, settings, clock, logger }: RechargeDeps): AutoRecharger {
  return createAutoRecharger({
    wallet,
    payments,
    clock,
    settingOf: async (accountId) => {
      if (!accountId.startsWith('user:')) return null;
      const setting = await settings.settingOf(accountId);
      // A card saved at a top-up while auto-recharge is off is kept, never charged.
      if (!setting || setting.enabled === false) return null;
      return { threshold: setting.threshold, amount: setting.amount, method: setting.method };
    },
    onEvent: (event) => logRecharge(logger, event),
    onError: (error, userId) => logger.warn({ err: error, userId }, 'auto-recharge failed'),
  });
}
