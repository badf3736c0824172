import type { SqlExecutor } from '@jyotishconnect/core';
import { numbered } from '../../numbering.js';
import type { TaxDocumentStore } from '../../ports.js';
import type { TaxDocument, TaxDocumentContents, TaxDocumentDraft, TaxDocumentKind } from '../../records.js';
import type { HostTables } from './schema.js';

const PREPARED = { prepare: true } as const;
const DOCUMENT =
  'number, kind, series, financial_year, sequence, key, session_id, user_id, consultant_id, refers_to, issued_at, contents';

/** A `tax_documents` row; both drivers parse jsonb. */
interface TaxDocumentRow {
  number: string;
  kind: TaxDocumentKind;
  series: string;
  financial_year: string;
  sequence: string | number;
  key: string;
  session_id: string;
  user_id: string;
  consultant_id: string;
  refers_to: string | null;
  issued_at: string | number;
  contents: TaxDocumentContents;
}

function toTaxDocument(row: TaxDocumentRow): TaxDocument {
  return {
    number: row.number,
    kind: row.kind,
    series: row.series,
    financialYear: row.financial_year,
    sequence: Number(row.sequence),
    key: row.key,
    sessionId: row.session_id,
    userId: row.user_id,
    consultantId: row.consultant_id,
    refersTo: row.refers_to,
    issuedAt: Number(row.issued_at),
    contents: row.contents,
  };
}

function documentParams(d: TaxDocument): unknown[] {
  return [
    d.number,
    d.kind,
    d.series,
    d.financialYear,
    d.sequence,
    d.key,
    d.sessionId,
    d.userId,
    d.consultantId,
    d.refersTo,
    d.issuedAt,
    JSON.stringify(d.contents),
  ];
}

function taxDocumentSql(t: HostTables) {
  return {
    // The upsert locks the sequence's row until the transaction ends: issuers of one series and
    // year queue behind it, and a rolled-back issue gives its number back.
    claimSequence: `INSERT INTO ${t.documentSequences} (series, financial_year, last) VALUES ($1, $2, 1)
      ON CONFLICT (series, financial_year) DO UPDATE SET last = ${t.documentSequences}.last + 1 RETURNING last`,
    insert: `INSERT INTO ${t.taxDocuments} (${DOCUMENT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
      ON CONFLICT (key) DO NOTHING RETURNING 1 AS inserted`,
    byNumber: `SELECT ${DOCUMENT} FROM ${t.taxDocuments} WHERE number = $1`,
    byKey: `SELECT ${DOCUMENT} FROM ${t.taxDocuments} WHERE key = $1`,
    ofSession: `SELECT ${DOCUMENT} FROM ${t.taxDocuments} WHERE session_id = $1 ORDER BY issued_at, number COLLATE "C"`, // numbering.inIssueOrder,
  } as const;
}

/** Thrown inside the issuing transaction to roll its number back when the key was issued meanwhile. */
class IssuedMeanwhile extends Error {}

/** The tax document store on the host's tables: each issue is one transaction (number, then document). */
export function sqlTaxDocuments(db: SqlExecutor, t: HostTables): TaxDocumentStore {
  const sql = taxDocumentSql(t);
  const one = async (text: string, param: string) => {
    const [row] = (await db.query<TaxDocumentRow>(text, [param], PREPARED)).rows;
    return row ? toTaxDocument(row) : null;
  };
  const byKey = (key: string) => one(sql.byKey, key);
  const issueNew = (draft: TaxDocumentDraft) =>
    db.transaction(async (tx) => {
      const [claimed] = (
        await tx.query<{ last: string | number }>(sql.claimSequence, [draft.series, draft.financialYear], PREPARED)
      ).rows;
      const document = numbered(draft, Number(claimed?.last));
      const inserted = await tx.query(sql.insert, documentParams(document), PREPARED);
      if (inserted.rows.length === 0) throw new IssuedMeanwhile();
      return document;
    });
  return {
    issue: async (draft) => {
      const first = await byKey(draft.key);
      if (first) return { document: first, created: false };
      try {
        return { document: await issueNew(draft), created: true };
      } catch (error) {
        if (!(error instanceof IssuedMeanwhile)) throw error;
        const winner = await byKey(draft.key);
        if (!winner) throw error;
        return { document: winner, created: false };
      }
    },
    byNumber: (number) => one(sql.byNumber, number),
    byKey,
    ofSession: async (sessionId) =>
      (await db.query<TaxDocumentRow>(sql.ofSession, [sessionId], PREPARED)).rows.map(toTaxDocument),
  };
}
