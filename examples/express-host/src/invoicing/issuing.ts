import type { BillingEngine, Session } from '@jyotishconnect/billing-engine';
import type { Clock } from '@jyotishconnect/core';
import type { Transaction, Wallet } from '@jyotishconnect/wallet-store';
import type { Logger } from 'pino';
import type { HostStore, TaxDocument } from '../host-store/index.js';
import { sessionEntries } from '../invoice.js';
import type { InvoicingConfig } from '../invoice-config.js';
import type { InvoiceNotice } from '../notifications/notifier.js';
import { creditNoteDraft, creditNoteKey, feeReversedBy, invoiceDraft, invoiceKey } from './documents.js';

/** What issuing reads and writes: the host's services, as far as invoices go. */
export interface InvoicingServices {
  readonly config: { readonly invoicing: InvoicingConfig };
  readonly clock: Clock;
  readonly logger: Logger;
  readonly host: HostStore;
  readonly wallet: Wallet;
  readonly billing: BillingEngine;
  /** Emails each invoice to its user once, by the process that issued it. */
  readonly notifications: { invoiceIssued(notice: InvoiceNotice): void };
}

/** A session's tax documents: its invoice and the credit notes of its refunds, in issue order. */
export interface SessionTaxDocuments {
  readonly invoice: TaxDocument;
  readonly creditNotes: readonly TaxDocument[];
}

/** Whether a session gets an invoice: it ended after something was charged (a declined or free-of-charge request gets none). */
export function isInvoiced(session: Session): boolean {
  return session.status === 'ended' && session.summary.totalCharged > 0;
}

/**
 * Issues the invoice of an ended, charged session, once: a second call, from
 * any process, returns the first. `null` for a session that gets none.
 */
export async function issueInvoice(services: InvoicingServices, session: Session): Promise<TaxDocument | null> {
  if (!isInvoiced(session)) return null;
  const { host } = services;
  const issued = await host.taxDocuments.byKey(invoiceKey(session.id));
  if (issued) return issued;
  const [user, consultant] = await Promise.all([
    host.accounts.byId(session.userId),
    host.accounts.byId(session.consultantId),
  ]);
  const draft = invoiceDraft(session, {
    invoicing: services.config.invoicing,
    buyer: { name: user?.name ?? session.userId, email: user?.email ?? '', state: null },
    consultantName: consultant?.name ?? session.consultantId,
    issuedAt: services.clock.now(),
  });
  const { document, created } = await host.taxDocuments.issue(draft);
  if (created) {
    const { userId, number, issuedAt, contents } = document;
    services.notifications.invoiceIssued({ userId, number, issuedAt, total: contents.total, invoice: document });
  }
  return document;
}

/** Issues the credit note of a refund of the session (and its invoice first, if it was not issued yet), once. */
export async function issueCreditNote(
  services: InvoicingServices,
  session: Session,
  refund: Transaction,
): Promise<TaxDocument | null> {
  const { host } = services;
  const issued = await host.taxDocuments.byKey(creditNoteKey(refund.id));
  if (issued) return issued;
  const invoice = await issueInvoice(services, session);
  if (!invoice) return null;
  const before = await feeRefundedBefore(services, session, refund);
  const draft = creditNoteDraft(invoice, refund, before, services.config.invoicing, services.clock.now());
  return (await host.taxDocuments.issue(draft)).document;
}

/** Paise of platform fee the session's refunds before `refund` took back, in the wallet's order. */
async function feeRefundedBefore(services: InvoicingServices, session: Session, refund: Transaction): Promise<number> {
  const lines = await sessionEntries(services.wallet, session);
  const at = lines.findIndex((line) => line.transactionId === refund.id);
  let fee = 0;
  for (const line of lines.slice(0, at === -1 ? lines.length : at)) {
    if (line.kind !== 'refund') continue;
    const earlier = await services.wallet.getTransaction(line.transactionId);
    if (earlier) fee += feeReversedBy(earlier);
  }
  return fee;
}

/**
 * A session's invoice and credit notes, issuing any the events missed (a
 * process that stopped between the wallet write and the issue): one credit
 * note per refund in the user's wallet. `null` for a session without an invoice.
 */
export async function taxDocumentsOf(
  services: InvoicingServices,
  session: Session,
): Promise<SessionTaxDocuments | null> {
  const invoice = await issueInvoice(services, session);
  if (!invoice) return null;
  const refunds = (await sessionEntries(services.wallet, session)).filter((line) => line.kind === 'refund');
  for (const line of refunds) {
    if (await services.host.taxDocuments.byKey(creditNoteKey(line.transactionId))) continue;
    const refund = await services.wallet.getTransaction(line.transactionId);
    if (refund) await issueCreditNote(services, session, refund);
  }
  const creditNotes = (await services.host.taxDocuments.ofSession(session.id)).filter((d) => d.kind === 'credit-note');
  return { invoice, creditNotes };
}

/**
 * Issues each session's invoice as it ends, in the process whose engine
 * ended it. A failure is logged, not lost: reading the invoice issues it.
 */
export function issueInvoicesOnEnd(services: InvoicingServices): void {
  services.billing.on('session.ended', ({ session }) => {
    if (!isInvoiced(session)) return;
    void issueInvoice(services, session).catch((error: unknown) =>
      services.logger.warn(
        { err: error, sessionId: session.id },
        'invoice not issued at session end (issued when read)',
      ),
    );
  });
}
