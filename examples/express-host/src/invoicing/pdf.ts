import PDFDocument from 'pdfkit';
import type { TaxDocument, TaxLine } from '../host-store/index.js';
import { duration, indianDate, percent, rupees } from './format.js';
import { DEFAULT_FONT, latinFont, writeText } from './pdf-fonts.js';

/*
 * A tax document as an A4 PDF. Its labels are in English, as Indian tax
 * documents commonly are; names, addresses and states are printed as given,
 * in Latin or Devanagari script (`pdf-fonts.ts` picks the font of each run).
 */

/** The services accounting code printed for the platform fee: other support services. */
export const PLATFORM_FEE_SAC = '998599';

const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4, points
const AMOUNT_X = 420;
const AMOUNT_WIDTH = PAGE_WIDTH - MARGIN - AMOUNT_X;
const SERVICES = { chat: 'Chat', voice: 'Voice call', video: 'Video call' } as const;

/** Options of {@link invoicePdf}. */
export interface InvoicePdfOptions {
  /** Deflate the page streams (default `true`); tests read uncompressed ones. */
  readonly compress?: boolean;
}

type Doc = InstanceType<typeof PDFDocument>;

function row(doc: Doc, label: string, amount: string, options: { bold?: boolean; sac?: string } = {}): void {
  const y = doc.y;
  const weight = options.bold ? 'bold' : 'regular';
  doc.fontSize(10);
  writeText(doc, label, MARGIN, y, weight, { width: 300 });
  const end = doc.y;
  if (options.sac) doc.text(options.sac, 360, y, { width: 60 });
  doc.text(amount, AMOUNT_X, y, { width: AMOUNT_WIDTH, align: 'right' });
  doc.y = Math.max(end, doc.y) + 4;
}

function rule(doc: Doc): void {
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(PAGE_WIDTH - MARGIN, doc.y)
    .lineWidth(0.5)
    .stroke('#999999');
  doc.y += 6;
}

function party(doc: Doc, heading: string, lines: readonly (string | null)[], x: number, y: number): number {
  latinFont(doc, 'bold').fontSize(9).fillColor('#555555').text(heading, x, y, { width: 230 });
  doc.fontSize(10).fillColor('#000000');
  for (const line of lines) if (line) writeText(doc, line, x, doc.y, 'regular', { width: 230 });
  return doc.y;
}

function taxLabel(line: TaxLine): string {
  return `${line.tax} @ ${percent(line.rateBps)}`;
}

function header(doc: Doc, d: TaxDocument): void {
  const { contents: c } = d;
  const title = d.kind === 'invoice' ? 'Tax Invoice' : 'Credit Note';
  latinFont(doc, 'bold').fontSize(18).text(title, MARGIN, MARGIN);
  latinFont(doc, 'regular').fontSize(10);
  doc.text(`${d.kind === 'invoice' ? 'Invoice' : 'Credit note'} number: ${d.number}`);
  doc.text(`Date: ${indianDate(d.issuedAt)}`);
  if (d.refersTo) doc.text(`Against invoice: ${d.refersTo}`);
  const supply = `Place of supply: ${c.buyer.state ?? 'not given by the buyer (IGST applies)'}`;
  writeText(doc, supply, MARGIN, doc.y, 'regular');
  doc.moveDown();
  const top = doc.y;
  const left = party(
    doc,
    'SELLER',
    [c.seller.name, c.seller.address, `GSTIN: ${c.seller.gstin}`, `State: ${c.seller.state}`],
    MARGIN,
    top,
  );
  const right = party(
    doc,
    'BUYER',
    [
      c.buyer.name,
      c.buyer.email,
      c.buyer.gstin && `GSTIN: ${c.buyer.gstin}`,
      c.buyer.state && `State: ${c.buyer.state}`,
    ],
    310,
    top,
  );
  doc.y = Math.max(left, right) + 16;
}

function lines(doc: Doc, d: TaxDocument): void {
  const { contents: c } = d;
  latinFont(doc, 'bold').fontSize(9).fillColor('#555555');
  const y = doc.y;
  doc
    .text('DESCRIPTION', MARGIN, y)
    .text('SAC', 360, y)
    .text('AMOUNT', AMOUNT_X, y, { width: AMOUNT_WIDTH, align: 'right' });
  doc.fillColor('#000000');
  doc.y += 4;
  rule(doc);
  const invoice = d.kind === 'invoice';
  const what = `${SERVICES[c.service]} consultation with ${c.consultantName}: ${duration(c.seconds)} at ${rupees(c.ratePerMinute)}/min`;
  const share = "the consultant's own supply, collected on their behalf";
  row(doc, invoice ? `${what} — ${share}` : `Refund of the ${what} — ${share}`, rupees(c.consultantShare));
  row(doc, 'Platform service fee (taxable value)', rupees(c.taxableValue), { sac: PLATFORM_FEE_SAC });
  for (const line of c.taxes) row(doc, taxLabel(line), rupees(line.amount));
  rule(doc);
  row(doc, invoice ? 'Consultation value' : 'Value refunded', rupees(c.consultationValue), { bold: true });
  if (c.promotion > 0) {
    row(doc, invoice ? 'Less: free minutes (promotion)' : 'Less: returned to the promotion', rupees(-c.promotion));
  }
  const total = invoice ? 'Total paid from your wallet' : 'Total credited to your wallet';
  row(doc, total, rupees(c.total), { bold: true });
  rule(doc);
}

function footer(doc: Doc, d: TaxDocument): void {
  const tax = d.contents.taxes.reduce((sum, line) => sum + line.amount, 0);
  latinFont(doc, 'regular').moveDown().fontSize(8).fillColor('#555555');
  doc.text(
    `The platform service fee of ${rupees(d.contents.platformFee)} includes GST of ${rupees(tax)}. ` +
      "The consultant's share is their own supply and carries no GST on this document. " +
      'Amounts are in Indian rupees. This document is computer generated and needs no signature.',
    MARGIN,
    doc.y,
    { width: PAGE_WIDTH - 2 * MARGIN },
  );
}

/**
 * Renders an invoice or credit note as a PDF.
 *
 * @example
 * ```ts
 * const pdf = await invoicePdf(invoice);
 * res.type('application/pdf').send(pdf);
 * ```
 */
export function invoicePdf(document: TaxDocument, options: InvoicePdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? true,
    font: DEFAULT_FONT,
    info: {
      Title: `${document.kind === 'invoice' ? 'Tax invoice' : 'Credit note'} ${document.number}`,
      Author: document.contents.seller.name,
      CreationDate: new Date(document.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, document);
  lines(doc, document);
  footer(doc, document);
  doc.end();
  return done;
}
