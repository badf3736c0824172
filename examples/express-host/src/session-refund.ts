import type { Session } from '@jyotishconnect/billing-engine';
import { isJyotishError } from '@jyotishconnect/core';
import { SYSTEM_ACCOUNTS, type Transaction } from '@jyotishconnect/wallet-store';
import { HostError } from './errors.js';
import { sessionEntries } from './invoice.js';
import { sessionRefundPostings } from './refund-shares.js';
import type { Services } from './services.js';

/** The most charges one wallet refund transaction may take back (`Wallet.refundMany`'s limit). */
const MAX_REFUNDED_CHARGES = 500;

/** What an admin asks of a session refund. */
export interface SessionRefundRequest {
  /** Paise to give back; everything not yet refunded when absent. */
  readonly amount: number | undefined;
  readonly refundId: string;
  /** When the consultant was paid out: let `system:refunds` fund what their wallet no longer holds. */
  readonly absorbShortfall: boolean;
}

/** A session refund as made: the refund transaction, and what the platform funded of the consultant's share. */
export interface SessionRefund {
  readonly transaction: Transaction;
  /** Paise of the consultant's share `system:refunds` paid, because the consultant had been paid out; 0 otherwise. */
  readonly shortfall: number;
  /** The transfer from `system:refunds` that funded the shortfall, `refund-cover:<refundId>`; `null` without one. */
  readonly cover: Transaction | null;
}

/**
 * Refunds a session's charges to the user as ONE wallet transaction, all or
 * nothing: newest interval first, each interval's part taking back the
 * consultant's and the platform's shares in proportion.
 *
 * When the consultant was paid out since, their wallet no longer holds their
 * share. Then the refund is refused with `CONSULTANT_PAID_OUT` (details:
 * `shortfall`) unless `absorbShortfall` is set: the consultant's remaining
 * balance is taken first and `system:refunds` funds the rest, as a keyed
 * transfer to the consultant (`refund-cover:<refundId>`) just before the
 * refund (`refund:<refundId>`). The wallet has no single transaction that
 * both reverses a split and funds part of it, hence two.
 */
export async function refundSession(
  services: Services,
  session: Session,
  request: SessionRefundRequest,
): Promise<SessionRefund> {
  const { wallet } = services;
  const { amount, refundId } = request;
  const lines = await sessionEntries(wallet, session);
  // Oldest first, as refundMany expects: it refunds the last listed first.
  const charges = lines.filter((l) => l.kind === 'split').map((l) => l.transactionId);
  if (charges.length === 0) {
    throw new HostError('REFUND_EXCEEDS_ORIGINAL', `session ${session.id} has no charges to refund`, {
      field: 'sessionId',
    });
  }
  if (charges.length > MAX_REFUNDED_CHARGES) {
    throw new HostError(
      'REFUND_TOO_LARGE',
      `session ${session.id} has ${charges.length} charges; one refund takes back at most ${MAX_REFUNDED_CHARGES}`,
      { field: 'sessionId' },
    );
  }
  const refund = () =>
    wallet.refundMany({
      id: `refund:${refundId}`,
      transactionIds: charges,
      ...(amount === undefined ? {} : { amount }),
      // The consultant is named so refunds can be reported per consultant in one query (`Wallet.refundReport`).
      metadata: { sessionId: session.id, consultantId: session.consultantId, refundId },
    });
  try {
    return { transaction: await refund(), shortfall: 0, cover: null };
  } catch (error) {
    if (!isJyotishError(error, 'INSUFFICIENT_FUNDS') || error.details.accountId !== session.consultantId) throw error;
  }

  // The consultant's share is gone (paid out): how much of it is missing, by the wallet's own rule.
  const postings = await sessionRefundPostings(wallet, session, lines, amount);
  const share = -(postings.find((p) => p.accountId === session.consultantId)?.amount ?? 0);
  const available = (await wallet.getAccount(session.consultantId))?.available ?? 0;
  const shortfall = share - Math.max(0, available);
  if (shortfall <= 0) return { transaction: await refund(), shortfall: 0, cover: null }; // earned again meanwhile
  if (!request.absorbShortfall) {
    throw new HostError(
      'CONSULTANT_PAID_OUT',
      `the consultant was paid out: their wallet is ${shortfall} paise short of their share of this refund; send absorbShortfall: true to have system:refunds fund it`,
      { details: { shortfall, consultantId: session.consultantId } },
    );
  }
  const cover = await wallet.transfer({
    id: `refund-cover:${refundId}`,
    from: SYSTEM_ACCOUNTS.refunds,
    to: session.consultantId,
    amount: shortfall,
    metadata: { sessionId: session.id, refundId, shortfall },
  });
  try {
    return { transaction: await refund(), shortfall, cover };
  } catch (error) {
    // The consultant's wallet moved between the two writes (a payout request): take the cover back.
    await wallet
      .refund({ id: `refund-cover-back:${refundId}`, transactionId: cover.id })
      .catch((undo: unknown) => services.logger.error({ err: undo, refundId }, 'refund cover not taken back'));
    throw error;
  }
}
