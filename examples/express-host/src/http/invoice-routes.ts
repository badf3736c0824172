import type { Response } from 'express';
import { HostError } from '../errors.js';
import type { TaxDocument } from '../host-store/index.js';
import { taxDocumentsOf } from '../invoicing/issuing.js';
import { invoicePdf } from '../invoicing/pdf.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { readableSession } from './consultations.js';

// An invoice is the user's: their name and email are on it. The consultant of
// the session sees their earnings in their own statement, so these routes are
// for users (their own documents) and admins (any), and a consultant gets 403.
const readers = ['user', 'admin'] as const;
const PDF = 'application/pdf';

/** Sends a document as a PDF download named after its number. */
async function sendPdf(res: Response, document: TaxDocument): Promise<void> {
  const pdf = await invoicePdf(document);
  const name = `${document.kind}-${document.number.replaceAll('/', '-')}.pdf`;
  res
    .status(200)
    .type(PDF)
    .setHeader('content-disposition', `attachment; filename="${name}"`)
    .setHeader('cache-control', 'private, no-store')
    .send(pdf);
}

/** Tax invoices of consultations and credit notes of their refunds, as JSON and PDF. */
export function invoiceRoutes(api: ApiRouter, services: Services): void {
  const documentsOf = async (user: Parameters<typeof readableSession>[1], sessionId: string) => {
    const session = await readableSession(services, user, sessionId);
    const documents = await taxDocumentsOf(services, session);
    if (!documents) {
      throw new HostError(
        'INVOICE_NOT_FOUND',
        `consultation ${session.id} has no invoice: one is issued when a charged consultation ends`,
      );
    }
    return documents;
  };
  const creditNote = async (user: Parameters<typeof readableSession>[1], number: string) => {
    const document = await services.host.taxDocuments.byNumber(number);
    const readable = document?.kind === 'credit-note' && (user.role === 'admin' || document.userId === user.id);
    if (!document || !readable) throw new HostError('CREDIT_NOTE_NOT_FOUND', `no credit note ${number}`);
    return document;
  };

  api.get(
    '/consultations/:id/invoice',
    {
      summary: "A consultation's tax invoice (issued when it ended) and the credit notes of its refunds",
      tag: 'invoices',
      access: readers,
    },
    async (ctx) => documentsOf(caller(ctx), ctx.params.id ?? ''),
  );

  api.get(
    '/consultations/:id/invoice.pdf',
    { summary: "A consultation's tax invoice as a PDF download", tag: 'invoices', access: readers, produces: PDF },
    async (ctx) => sendPdf(ctx.res, (await documentsOf(caller(ctx), ctx.params.id ?? '')).invoice),
  );

  // The PDF route first: `:number` would also match a number ending in `.pdf`.
  api.get(
    '/credit-notes/:number.pdf',
    {
      summary: 'A credit note as a PDF download (its number URL-encoded)',
      tag: 'invoices',
      access: readers,
      produces: PDF,
    },
    async (ctx) => sendPdf(ctx.res, await creditNote(caller(ctx), ctx.params.number ?? '')),
  );

  api.get(
    '/credit-notes/:number',
    { summary: 'A credit note of a refund (its number URL-encoded)', tag: 'invoices', access: readers },
    async (ctx) => creditNote(caller(ctx), ctx.params.number ?? ''),
  );
}
