import type { QueryOptions, SqlExecutor } from '@jyotishconnect/core';
import { captureEntry } from '../../batch-writes.js';
import type { BatchOutcome, BatchWrite, CaptureWrite, HoldRelease, StoredRequest } from '../../store.js';
import type { Transaction } from '../../types.js';
import { rejectionOf, walletErrorOf } from './errors.js';
import { retryingAborts } from './retry.js';
import { type HoldRow, type TransactionRow, toHold, toTransaction } from './rows.js';
import { batchLocks, batchWriteJson } from './sql/batch.js';

type StoredHoldRow = HoldRow & { request: StoredRequest };

/** One write's answer from `jc_wallet_commit_many` (see `applyFunctionSql`). */
interface OutcomeJson {
  currency?: string;
  kind?: Transaction['kind'];
  postings?: Transaction['postings'];
  created?: boolean;
  voided?: boolean;
  transaction?: TransactionRow | null;
  hold?: StoredHoldRow | null;
  release?: { released: boolean; hold: HoldRow } | null;
  error?: string;
  detail?: string | null;
  state?: string;
}

/** A new capture's answer: the currency, kind and postings it was written with. */
type NewCaptureJson = Required<Pick<OutcomeJson, 'currency' | 'kind' | 'postings'>>;

/** Runs a batch as one `jc_wallet_commit_many` call and maps each answer to the outcome the domain expects. */
export async function commitBatchSql(
  db: SqlExecutor,
  sql: string,
  options: QueryOptions,
  writes: readonly BatchWrite[],
): Promise<BatchOutcome[]> {
  const { accounts, holdIds } = batchLocks(writes);
  const params = [JSON.stringify(writes.map(batchWriteJson)), accounts, holdIds];
  return await retryingAborts(async () => {
    const { rows } = await db.query<{ outcomes: OutcomeJson[] }>(sql, params, options);
    const outcomes = rows[0]?.outcomes ?? [];
    return writes.map((write, index) => outcomeOf(write, outcomes[index] ?? {}));
  });
}

function outcomeOf(write: BatchWrite, json: OutcomeJson): BatchOutcome {
  if (json.error !== undefined) return { error: errorOf(write, json) };
  switch (write.type) {
    case 'commit':
      if (typeof json.currency === 'string') {
        return { transaction: { status: 'created', record: { ...write.entry.transaction, currency: json.currency } } };
      }
      return { transaction: storedTransaction(json, false) };
    case 'capture':
      if (json.postings) return { transaction: newCapture(write, json as NewCaptureJson) };
      return { transaction: storedTransaction(json, json.created === true) };
    case 'placeHold':
      if (json.created) return { hold: { status: 'created', record: write.hold } };
      return {
        hold: json.hold ? { status: 'duplicate', record: toHold(json.hold), request: json.hold.request } : null,
      };
    case 'releaseHold':
      return { release: releaseOf(json) };
    case 'voidHold':
      return json.voided ? { hold: { status: 'created', record: write.hold } } : { release: releaseOf(json) };
  }
}

/** A capture the batch decided in memory: its transaction, from the write and what the store answered. */
function newCapture({ capture, createdAt }: CaptureWrite, { currency, kind, postings }: NewCaptureJson) {
  const { id, holdId, metadata } = capture;
  return {
    status: 'created' as const,
    record: { id, kind, currency, postings, metadata, holdId, refundOf: null, createdAt },
  };
}

function storedTransaction(json: OutcomeJson, created: boolean) {
  const row = json.transaction;
  if (!row) throw new Error('a batched write reported a used id whose transaction cannot be read');
  const record = toTransaction(row);
  return created
    ? { status: 'created' as const, record }
    : { status: 'duplicate' as const, record, request: row.request };
}

function releaseOf(json: OutcomeJson): HoldRelease | null {
  return json.release ? { released: json.release.released, hold: toHold(json.release.hold) } : null;
}

/** The wallet error a write's raised guard stands for, built as the one-by-one call builds it. */
function errorOf(write: BatchWrite, json: OutcomeJson) {
  if (write.type === 'capture' && (json.error === 'CAPTURE_REFUSED' || json.error === 'HOLD_NOT_OPEN')) {
    // The hold as it stands after the refusal tells which rule refused it.
    try {
      captureEntry(write, json.hold ? toHold(json.hold) : null);
    } catch (error) {
      return error as never;
    }
    throw new Error(`capture ${write.capture.id} was refused but fits hold ${write.capture.holdId}`);
  }
  const accounts =
    write.type === 'commit' ? write.entry.transaction.postings.map((posting) => posting.accountId) : accountOf(write);
  const debited =
    write.type === 'commit' ? (write.entry.transaction.postings[0]?.accountId ?? '') : (accounts[0] ?? '');
  const driverError = { code: json.state, message: json.error, detail: json.detail ?? '' };
  const rejection = rejectionOf(driverError, debited);
  const error = rejection && walletErrorOf(rejection, accounts);
  if (!error) throw new Error(`a batched ${write.type} failed: ${json.error} ${json.detail ?? ''}`);
  return error;
}

function accountOf(write: BatchWrite): string[] {
  return write.type === 'placeHold' || write.type === 'voidHold' ? [write.hold.accountId] : [];
}
