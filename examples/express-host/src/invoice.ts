import type { Session } from '@jyotishconnect/billing-engine';
import type { Wallet } from '@jyotishconnect/wallet-store';

/** One wallet movement of a session, as seen from the user's wallet. */
export interface InvoiceLine {
  readonly transactionId: string;
  readonly kind: string;
  readonly amount: number;
  /** For a refund of one charge: the charge it reverses (`null` for a session refund across charges). */
  readonly refundOf: string | null;
  readonly createdAt: number;
}

/** What a session cost the user: interval charges and refunds, read from the wallet. */
export interface Invoice {
  readonly sessionId: string;
  readonly service: Session['service'];
  readonly ratePerMinute: number;
  readonly seconds: number;
  readonly charged: number;
  readonly refunded: number;
  readonly net: number;
  readonly consultantShare: number;
  readonly commission: number;
  /** Free seconds served, paid by the platform's promotions account (not in `charged`). */
  readonly freeSeconds: number;
  /** What the promotions account paid for them. */
  readonly promoCharged: number;
  readonly lines: readonly InvoiceLine[];
}

/** The user-side wallet entries carrying this session's id, oldest first. */
export async function sessionEntries(wallet: Wallet, session: Session): Promise<InvoiceLine[]> {
  const lines: InvoiceLine[] = [];
  let cursor: string | undefined;
  do {
    const page = await wallet.statement(session.userId, {
      limit: 500,
      from: session.requestedAt,
      ...(cursor ? { cursor } : {}),
    });
    for (const entry of page.entries) {
      if (entry.metadata.sessionId !== session.id) continue;
      const refundOf = typeof entry.metadata.refundOf === 'string' ? entry.metadata.refundOf : null;
      lines.push({
        transactionId: entry.transactionId,
        kind: entry.kind,
        amount: entry.amount,
        refundOf,
        createdAt: entry.createdAt,
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines.reverse();
}

/** Builds the invoice of a session. */
export async function invoiceOf(wallet: Wallet, session: Session): Promise<Invoice> {
  const lines = await sessionEntries(wallet, session);
  const charged = -lines.filter((l) => l.kind !== 'refund').reduce((sum, l) => sum + l.amount, 0);
  const refunded = lines.filter((l) => l.kind === 'refund').reduce((sum, l) => sum + l.amount, 0);
  return {
    sessionId: session.id,
    service: session.service,
    ratePerMinute: session.ratePerMinute,
    seconds: session.summary.secondsBilled,
    charged,
    refunded,
    net: charged - refunded,
    consultantShare: session.summary.consultantShare,
    commission: session.summary.commission,
    freeSeconds: session.summary.freeSeconds,
    promoCharged: session.summary.promoCharged,
    lines,
  };
}
