import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import type { TaxDocumentDraft } from '../records.js';
import { LARGE_AMOUNT, race, T0 } from './fixtures.js';

/** Concurrent issues in the numbering case; larger through `HOST_STORE_CONCURRENT_ISSUES`. */
const CONCURRENT_ISSUES = Number(process.env.HOST_STORE_CONCURRENT_ISSUES ?? 50);

/** An invoice draft for `session:1` in 2026-27; `overrides` replace any field. */
export function anInvoiceDraft(overrides: Partial<TaxDocumentDraft> = {}): TaxDocumentDraft {
  return {
    kind: 'invoice',
    series: 'JC',
    financialYear: '2026-27',
    key: 'session:session:1',
    sessionId: 'session:1',
    userId: 'user:asha',
    consultantId: 'consultant:guru',
    refersTo: null,
    issuedAt: T0,
    contents: {
      seller: {
        name: 'JyotishConnect Pvt Ltd',
        address: 'Bengaluru',
        gstin: '29AAACJ1234F1Z5',
        state: 'Karnataka',
        email: null,
      },
      buyer: { name: 'Asha Rao', address: null, gstin: null, state: null, email: 'asha@example.com' },
      consultantName: 'Guru',
      service: 'chat',
      seconds: 61,
      ratePerMinute: 1_000,
      consultationValue: LARGE_AMOUNT,
      consultantShare: LARGE_AMOUNT - 2_000,
      platformFee: 2_000,
      taxableValue: 1_695,
      taxes: [{ tax: 'IGST', rateBps: 1_800, amount: 305 }],
      promotion: 0,
      total: LARGE_AMOUNT,
    },
    ...overrides,
  };
}

/** A credit note of `JC/26-27/000001` for refund `r1`. */
function aCreditNoteDraft(overrides: Partial<TaxDocumentDraft> = {}): TaxDocumentDraft {
  return anInvoiceDraft({
    kind: 'credit-note',
    series: 'CN',
    key: 'refund:r1',
    refersTo: 'JC/26-27/000001',
    ...overrides,
  });
}

/** The tax document store's cases. */
export function taxDocumentCases(store: () => HostStore): void {
  const issue = (draft: TaxDocumentDraft) => store().taxDocuments.issue(draft);
  const numberOf = async (draft: TaxDocumentDraft) => (await issue(draft)).document.number;

  it('documents of a series and year are numbered 1, 2, 3 and read back exactly as issued', async () => {
    const first = await issue(anInvoiceDraft());
    expect(first).toEqual({ created: true, document: { ...anInvoiceDraft(), number: 'JC/26-27/000001', sequence: 1 } });
    expect(await numberOf(anInvoiceDraft({ key: 'session:s2', sessionId: 's2' }))).toBe('JC/26-27/000002');
    expect(await numberOf(anInvoiceDraft({ key: 'session:s3', sessionId: 's3' }))).toBe('JC/26-27/000003');
    expect(await store().taxDocuments.byNumber('JC/26-27/000001')).toEqual(first.document);
    expect(await store().taxDocuments.byKey('session:session:1')).toEqual(first.document);
  });

  it('issuing a key again returns the first document unchanged and takes no number', async () => {
    const first = await issue(anInvoiceDraft());
    const again = await issue(
      anInvoiceDraft({ issuedAt: T0 + 5_000, contents: { ...anInvoiceDraft().contents, total: 1 } }),
    );
    expect(again).toEqual({ created: false, document: first.document });
    expect(await numberOf(anInvoiceDraft({ key: 'session:s2', sessionId: 's2' }))).toBe('JC/26-27/000002');
  });

  it('credit notes are numbered in their own series, and each year of a series starts at 1', async () => {
    await issue(anInvoiceDraft());
    expect(await numberOf(aCreditNoteDraft())).toBe('CN/26-27/000001');
    expect(await numberOf(aCreditNoteDraft({ key: 'refund:r2' }))).toBe('CN/26-27/000002');
    expect(await numberOf(anInvoiceDraft({ key: 'session:s2', sessionId: 's2', financialYear: '2027-28' }))).toBe(
      'JC/27-28/000001',
    );
    expect(await numberOf(anInvoiceDraft({ key: 'session:s3', sessionId: 's3' }))).toBe('JC/26-27/000002');
  });

  it("a session's invoice and credit notes are listed in issue order; an unknown number or key is null", async () => {
    await issue(aCreditNoteDraft({ key: 'refund:r2', issuedAt: T0 + 2 }));
    await issue(anInvoiceDraft());
    await issue(aCreditNoteDraft({ issuedAt: T0 + 1 }));
    await issue(anInvoiceDraft({ key: 'session:other', sessionId: 'other' }));
    const listed = await store().taxDocuments.ofSession('session:1');
    expect(listed.map((d) => d.key)).toEqual(['session:session:1', 'refund:r1', 'refund:r2']);
    expect(await store().taxDocuments.byNumber('JC/26-27/000009')).toBeNull();
    expect(await store().taxDocuments.byKey('session:nobody')).toBeNull();
    expect(await store().taxDocuments.ofSession('nobody')).toEqual([]);
  });

  it(`${CONCURRENT_ISSUES} concurrent issues take the numbers 1 to ${CONCURRENT_ISSUES}, each once`, async () => {
    const drafts = Array.from({ length: CONCURRENT_ISSUES }, (_, i) =>
      anInvoiceDraft({ key: `session:s${i}`, sessionId: `s${i}` }),
    );
    const issued = await race(drafts.map((draft) => () => issue(draft)));
    const sequences = issued.map(({ document }) => document.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: CONCURRENT_ISSUES }, (_, i) => i + 1));
    expect(issued.every(({ created }) => created)).toBe(true);
  });

  it('one key issued by racing callers is created once, and they all get that document', async () => {
    const issued = await race(Array.from({ length: 8 }, () => () => issue(anInvoiceDraft())));
    expect(issued.filter(({ created }) => created)).toHaveLength(1);
    expect(new Set(issued.map(({ document }) => document.number))).toEqual(new Set(['JC/26-27/000001']));
    expect(await numberOf(anInvoiceDraft({ key: 'session:s2', sessionId: 's2' }))).toBe('JC/26-27/000002');
  });
}
