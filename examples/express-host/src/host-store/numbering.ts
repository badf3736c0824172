import type { TaxDocument, TaxDocumentDraft } from './records.js';

/*
 * How every adapter numbers a tax document. The sequence is one past the last
 * of the draft's series and financial year, taken in the same atomic step that
 * stores the document, so numbers run 1, 2, 3, … with no gap and no repeat.
 */

/** Digits of the sequence in a document number: a million documents a year per series before it widens. */
const SEQUENCE_DIGITS = 6;

/**
 * `<series>/<year>/<sequence>`, e.g. `JC/26-27/000001` for the 2026-27 year:
 * with a series of at most 3 characters, at most 16 characters of letters,
 * digits, `-` and `/`, as GST rules allow an invoice number.
 */
export function documentNumber(series: string, financialYear: string, sequence: number): string {
  return `${series}/${financialYear.slice(2)}/${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The draft as issued with `sequence`. */
export function numbered(draft: TaxDocumentDraft, sequence: number): TaxDocument {
  return { ...draft, sequence, number: documentNumber(draft.series, draft.financialYear, sequence) };
}

/** The key of one sequence: a series within a financial year. */
export function sequenceKey(draft: Pick<TaxDocumentDraft, 'series' | 'financialYear'>): string {
  return `${draft.series}/${draft.financialYear}`;
}

/** Tax documents are listed in issue order: by issue time, then by number. */
export function inIssueOrder(a: TaxDocument, b: TaxDocument): number {
  return a.issuedAt - b.issuedAt || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
}
