import type { Session } from '@jyotishconnect/billing-engine';
import { SYSTEM_ACCOUNTS, type Transaction } from '@jyotishconnect/wallet-store';
import type { InvoiceParty, TaxDocument, TaxDocumentDraft } from '../host-store/index.js';
import type { InvoicingConfig } from '../invoice-config.js';
import { financialYearOf } from './financial-year.js';
import { carveGst, supplyBetween } from './gst.js';

/*
 * What an invoice and a credit note say, built from data: the session's
 * summary (the engine's own totals) for an invoice, the refund transaction's
 * postings for a credit note. The consultant's share is their own supply, the
 * platform collecting it for them; GST is on the platform fee only (gst.ts).
 */

/** The invoice of a session is issued once: its key. */
export function invoiceKey(sessionId: string): string {
  return `invoice:${sessionId}`;
}

/** The credit note of a refund transaction is issued once: its key. */
export function creditNoteKey(refundTransactionId: string): string {
  return `credit-note:${refundTransactionId}`;
}

/** Who bought: the user's name and email; their state is not asked for, so IGST applies (gst.supplyBetween). */
export interface Buyer {
  readonly name: string;
  readonly email: string;
  readonly state: string | null;
}

/** The facts of an invoice that are not the session's. */
export interface InvoiceFacts {
  readonly invoicing: InvoicingConfig;
  readonly buyer: Buyer;
  readonly consultantName: string;
  readonly issuedAt: number;
}

function sellerParty({ seller }: InvoicingConfig): InvoiceParty {
  return { name: seller.name, address: seller.address, gstin: seller.gstin, state: seller.state, email: null };
}

/** The invoice of an ended, charged session. */
export function invoiceDraft(session: Session, facts: InvoiceFacts): TaxDocumentDraft {
  const { invoicing, buyer, issuedAt } = facts;
  const { summary } = session;
  const supply = supplyBetween(invoicing.seller.state, buyer.state);
  return {
    kind: 'invoice',
    series: invoicing.invoiceSeries,
    financialYear: financialYearOf(issuedAt),
    key: invoiceKey(session.id),
    sessionId: session.id,
    userId: session.userId,
    consultantId: session.consultantId,
    refersTo: null,
    issuedAt,
    contents: {
      seller: sellerParty(invoicing),
      buyer: { name: buyer.name, address: null, gstin: null, state: buyer.state, email: buyer.email },
      consultantName: facts.consultantName,
      service: session.service,
      seconds: summary.secondsBilled,
      ratePerMinute: session.ratePerMinute,
      consultationValue: summary.totalCharged,
      consultantShare: summary.consultantShare,
      platformFee: summary.commission,
      ...carveGst(summary.commission, invoicing.gstRateBps, supply),
      promotion: summary.promoCharged,
      total: summary.userCharged,
    },
  };
}

const credited = (transaction: Transaction, accountId: string) =>
  transaction.postings.filter((p) => p.accountId === accountId).reduce((sum, p) => sum + p.amount, 0);

/** The GST rate and supply of an issued invoice: a credit note reverses tax as its invoice charged it. */
function taxOf(invoice: TaxDocument): { rateBps: number; supply: 'igst' | 'cgst-sgst' } {
  const { taxes } = invoice.contents;
  return {
    rateBps: taxes.reduce((sum, line) => sum + line.rateBps, 0),
    supply: taxes.some((line) => line.tax === 'IGST') ? 'igst' : 'cgst-sgst',
  };
}

/** Paise of platform fee a refund transaction takes back. */
export function feeReversedBy(refund: Transaction): number {
  return -credited(refund, SYSTEM_ACCOUNTS.revenue);
}

/**
 * The credit note of a refund of `invoice`'s session. Its tax is the tax of
 * all the fee refunded up to and including it, less that of the fee refunded
 * before it (`feeRefundedBefore`, read from the wallet in its order): so the
 * notes of a refund in parts give back exactly the invoice's tax, never a
 * paisa more, in whatever order or concurrency they are issued.
 */
export function creditNoteDraft(
  invoice: TaxDocument,
  refund: Transaction,
  feeRefundedBefore: number,
  invoicing: InvoicingConfig,
  issuedAt: number,
): TaxDocumentDraft {
  const platformFee = feeReversedBy(refund);
  const consultantShare = -credited(refund, invoice.consultantId);
  const promotion = credited(refund, SYSTEM_ACCOUNTS.promotions);
  const { rateBps, supply } = taxOf(invoice);
  const before = carveGst(feeRefundedBefore, rateBps, supply).taxes;
  const taxes = carveGst(feeRefundedBefore + platformFee, rateBps, supply).taxes.map((line, i) => ({
    ...line,
    amount: line.amount - (before[i]?.amount ?? 0),
  }));
  return {
    kind: 'credit-note',
    series: invoicing.creditNoteSeries,
    financialYear: financialYearOf(issuedAt),
    key: creditNoteKey(refund.id),
    sessionId: invoice.sessionId,
    userId: invoice.userId,
    consultantId: invoice.consultantId,
    refersTo: invoice.number,
    issuedAt,
    contents: {
      ...invoice.contents,
      consultationValue: platformFee + consultantShare,
      consultantShare,
      platformFee,
      taxableValue: platformFee - taxes.reduce((sum, line) => sum + line.amount, 0),
      taxes,
      promotion,
      total: credited(refund, invoice.userId),
    },
  };
}
