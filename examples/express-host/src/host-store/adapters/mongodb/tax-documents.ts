import { fromInt64, int64, isDuplicateKey } from '@jyotishconnect/core/mongodb';
import type { Collection, Long } from 'mongodb';
import { numbered } from '../../numbering.js';
import type { TaxDocumentStore } from '../../ports.js';
import type { TaxDocument, TaxDocumentContents, TaxDocumentDraft, TaxDocumentKind } from '../../records.js';

/** A tax document; `_id` is its number. */
export interface TaxDocumentDoc {
  _id: string;
  kind: TaxDocumentKind;
  series: string;
  financialYear: string;
  /** Unique with series and financial year (the `sequence` index). */
  sequence: Long;
  /** Unique: each key issues once. */
  key: string;
  sessionId: string;
  userId: string;
  consultantId: string;
  refersTo: string | null;
  issuedAt: Long;
  /** The snapshot as JSON text, as the SQL jsonb holds it: read whole, never queried, every paise exact. */
  contents: string;
}

/** The sort of the last number of a series and financial year, and of the `sequence` index. */
export const LAST_SEQUENCE_FIRST = { series: 1, financialYear: 1, sequence: -1 } as const;
/** numbering.inIssueOrder as a sort specification. */
export const IN_ISSUE_ORDER = { issuedAt: 1, _id: 1 } as const;

/** How often an issue retries after another issuer took the number it tried. */
const MAX_ATTEMPTS = 1_000;

function taxDocumentDoc(d: TaxDocument): TaxDocumentDoc {
  return {
    _id: d.number,
    kind: d.kind,
    series: d.series,
    financialYear: d.financialYear,
    sequence: int64(d.sequence),
    key: d.key,
    sessionId: d.sessionId,
    userId: d.userId,
    consultantId: d.consultantId,
    refersTo: d.refersTo,
    issuedAt: int64(d.issuedAt),
    contents: JSON.stringify(d.contents),
  };
}

function toTaxDocument(doc: TaxDocumentDoc): TaxDocument {
  return {
    number: doc._id,
    kind: doc.kind,
    series: doc.series,
    financialYear: doc.financialYear,
    sequence: fromInt64(doc.sequence),
    key: doc.key,
    sessionId: doc.sessionId,
    userId: doc.userId,
    consultantId: doc.consultantId,
    refersTo: doc.refersTo,
    issuedAt: fromInt64(doc.issuedAt),
    contents: JSON.parse(doc.contents) as TaxDocumentContents,
  };
}

/**
 * Tax documents on MongoDB without a transaction (the host store needs no
 * replica set): a document's number is one past the highest stored in its
 * series and year, and the unique `sequence` index admits one insert of it.
 * A number is taken only by the insert that stores the document, so a failed
 * issue leaves no gap, as the SQL adapter's transaction does; an issuer that
 * loses the race reads the new highest and tries the next.
 */
export function mongoTaxDocuments(documents: Collection<TaxDocumentDoc>): TaxDocumentStore {
  const byKey = async (key: string) => {
    const doc = await documents.findOne({ key });
    return doc && toTaxDocument(doc);
  };
  const nextSequence = async (draft: TaxDocumentDraft) => {
    const [last] = await documents
      .find({ series: draft.series, financialYear: draft.financialYear })
      .sort(LAST_SEQUENCE_FIRST)
      .limit(1)
      .toArray();
    return last ? fromInt64(last.sequence) + 1 : 1;
  };
  return {
    issue: async (draft) => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const first = await byKey(draft.key);
        if (first) return { document: first, created: false };
        const document = numbered(draft, await nextSequence(draft));
        try {
          await documents.insertOne(taxDocumentDoc(document));
          return { document, created: true };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error; // the number or the key was taken meanwhile: look again
        }
      }
      throw new Error(`tax document ${draft.key} found no free number in ${MAX_ATTEMPTS} attempts`);
    },
    byNumber: async (number) => {
      const doc = await documents.findOne({ _id: number });
      return doc && toTaxDocument(doc);
    },
    byKey,
    ofSession: async (sessionId) =>
      (await documents.find({ sessionId }).sort(IN_ISSUE_ORDER).toArray()).map(toTaxDocument),
  };
}
