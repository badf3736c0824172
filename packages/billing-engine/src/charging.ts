import { isJyotishError } from '@jyotishconnect/core';
import type { SplitChargeInput } from '@jyotishconnect/wallet-store';
import type { BillingConfig } from './config.js';
import type { DriverWallet } from './driver-context.js';
import { closingCharge, closingCommission, intervalEndsAt } from './interval.js';
import { closingHold, openHold } from './plan.js';
import type { SessionRecord } from './session-record.js';

// The wallet side of billing. Every call here is derived from a session
// record alone and carries an id derived from it, so replaying it (after a
// crash, or by a second engine) has exactly the effect of running it once.

/** The system accounts billing credits and debits. */
export interface ChargeAccounts {
  /** Receives the platform commission. */
  readonly revenue: string;
  /** Pays for free seconds. */
  readonly promotions: string;
}

/** Id of interval `index`'s hold and of the transaction charging the user for it. */
export function intervalId(sessionId: string, index: number): string {
  return `${sessionId}:${index}`;
}

/** Id of the transaction charging the promotions account for interval `index`. */
export function promoChargeId(sessionId: string, index: number): string {
  return `${sessionId}:${index}:promo`;
}

/**
 * Reserves the user's part of the open interval (nothing when it is free),
 * until `marginMs` after the interval ends, or after the record was written
 * if that is later: an engine running behind opens intervals that already
 * ended, and their holds must still be placeable. Both instants come from
 * the record, so a replay places the same hold. Returns false when the
 * wallet cannot cover it.
 */
export async function holdOpenInterval(
  wallet: DriverWallet,
  session: SessionRecord,
  marginMs: number,
): Promise<boolean> {
  const amount = openHold(session);
  if (amount === 0) return true;
  try {
    await wallet.placeHold({
      id: intervalId(session.id, session.intervalIndex),
      accountId: session.userId,
      amount,
      expiresAt: Math.max(intervalEndsAt(session), session.checkpointAt) + marginMs,
      metadata: { sessionId: session.id, interval: session.intervalIndex },
    });
    return true;
  } catch (error) {
    if (isJyotishError(error, 'INSUFFICIENT_FUNDS') || isJyotishError(error, 'ACCOUNT_FROZEN')) return false;
    // Voided by an engine that closed this interval while the placement was in flight: nothing to reserve.
    if (isJyotishError(error, 'IDEMPOTENCY_CONFLICT')) return false;
    // An expiry already past (the placement came a margin after the write): replanning writes the record again.
    if (isJyotishError(error, 'INVALID_INPUT') && error.details.field === 'expiresAt') return false;
    throw error;
  }
}

/**
 * Whether the hold of the interval `session` opens may go to the wallet beside the capture of the
 * one it closes, in the same batch behind it, instead of after it. Only when neither the capture's
 * outcome nor its order can change what the new hold finds: this engine saw the closing interval's
 * hold placed (`held`), that hold is well inside its expiry (a lapsed one is charged directly, and
 * that charge must come before the new hold reserves the funds), and the interval was served in
 * full (its capture takes the whole hold, leaving the payer's available balance as it was).
 */
export function holdJoinsCapture(
  session: SessionRecord,
  held: number,
  now: number,
  config: Pick<BillingConfig, 'holdMarginMs'>,
): boolean {
  return (
    held === session.closingIndex &&
    // A full interval ended where the next one starts; its hold expires a margin after that at the earliest.
    now < session.intervalStartedAt + config.holdMarginMs / 2 &&
    closingCharge(session).user === closingHold(session)
  );
}

/**
 * Applies the closing interval to the wallet: captures the user's part from
 * its hold as a split charge (releasing the rest), and charges the free
 * seconds to the promotions account, each with the commission the session's
 * running totals give it. When the hold has lapsed the user's part is
 * charged directly under the same id (that write also closes the lapsed hold
 * in storage: the wallet closes an account's expired holds as it debits it).
 * Returns `unpaid` when the user's wallet no longer covers it, `frozen` when
 * it is frozen: the caller writes the interval off.
 */
export async function settleClosing(
  wallet: DriverWallet,
  session: SessionRecord,
  accounts: ChargeAccounts,
): Promise<'settled' | 'unpaid' | 'frozen'> {
  const index = session.closingIndex;
  if (index === 0) return 'settled';
  const { user, promo } = closingCharge(session);
  const commission = closingCommission(session);
  const id = intervalId(session.id, index);
  const metadata = { sessionId: session.id, interval: index };
  const to = session.consultantId;
  const platform = accounts.revenue;
  if (user > 0) {
    try {
      await wallet.captureHold({ id, holdId: id, amount: user, commission: commission.user, to, platform, metadata });
    } catch (error) {
      // Charged directly under this id before, when the hold had lapsed: the interval is paid.
      if (isJyotishError(error, 'IDEMPOTENCY_CONFLICT')) {
        if (promo > 0) await settlePromo(wallet, session, accounts, promo);
        return 'settled';
      }
      if (isJyotishError(error, 'ACCOUNT_FROZEN')) {
        // A freeze stops every new movement, but the reservation must not outlive the session.
        await wallet.voidHold({ id, accountId: session.userId });
        return 'frozen';
      }
      if (isJyotishError(error, 'HOLD_NOT_FOUND')) await wallet.voidHold({ id, accountId: session.userId });
      else if (!isJyotishError(error, 'HOLD_NOT_OPEN')) throw error;
      const lapsed = { id, from: session.userId, amount: user, commission: commission.user, to, platform, metadata };
      const charged = await chargeLapsed(wallet, lapsed);
      if (charged !== 'settled') return charged;
    }
  } else if (closingHold(session) > 0) {
    // Released, or voided if its placement is still in flight (a takeover aborted the interval).
    await wallet.voidHold({ id, accountId: session.userId });
  }
  // Most intervals have no free seconds: no call, and no promise, for them.
  if (promo > 0) await settlePromo(wallet, session, accounts, promo);
  return 'settled';
}

/** Charges the closing interval's free seconds (`promo` paise, more than none) to the promotions account. */
async function settlePromo(
  wallet: DriverWallet,
  session: SessionRecord,
  accounts: ChargeAccounts,
  promo: number,
): Promise<void> {
  const index = session.closingIndex;
  await wallet.splitCharge({
    id: promoChargeId(session.id, index),
    from: accounts.promotions,
    amount: promo,
    commission: closingCommission(session).promo,
    to: session.consultantId,
    platform: accounts.revenue,
    metadata: { sessionId: session.id, interval: index },
  });
}

/** Charges a user part whose hold lapsed (expired, or never placed); says why when the wallet cannot pay. */
async function chargeLapsed(wallet: DriverWallet, charge: SplitChargeInput): Promise<'settled' | 'unpaid' | 'frozen'> {
  try {
    await wallet.splitCharge(charge);
    return 'settled';
  } catch (error) {
    // Another engine captured the hold under this id in the meantime: the interval is paid.
    if (isJyotishError(error, 'IDEMPOTENCY_CONFLICT')) return 'settled';
    if (isJyotishError(error, 'INSUFFICIENT_FUNDS')) return 'unpaid';
    if (isJyotishError(error, 'ACCOUNT_FROZEN')) return 'frozen';
    throw error;
  }
}
