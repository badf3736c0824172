import type { ClientSession } from 'mongodb';
import { captureEntry, isUncapturable } from '../../batch-writes.js';
import { WalletError } from '../../errors.js';
import type { BatchOutcome, BatchWrite, LedgerEntry, StoredTransaction, WriteOutcome } from '../../store.js';
import type { Transaction } from '../../types.js';
import { decodeHold, decodeRequest, decodeTransaction, encodeHold } from './documents.js';
import { applyEntry } from './ledger.js';
import type { WalletCollections } from './schema.js';
import { placeHoldIn, releaseHoldIn } from './writes.js';

/** Runs `work` in one multi-document transaction (the store's `withTransaction`). */
export type RunTransaction = <T>(work: (session: ClientSession) => Promise<T>) => Promise<T>;

/** A write that a guard refused: the transaction is aborted and the batch runs again without it. */
class RefusedWrite extends Error {
  constructor(
    readonly index: number,
    readonly refusal: WalletError,
  ) {
    super(refusal.message);
  }
}

/**
 * A batch in one transaction, mirroring the SQL adapter's subtransactions:
 * MongoDB has no savepoint, so a write a guard refuses aborts the
 * transaction and the batch runs again with that write settled as its error
 * (at most one extra run per refused write); the run in which no write is
 * refused commits. Every id is looked up before it is inserted, so a used id
 * is a duplicate, never a duplicate-key error (which would abort the
 * transaction).
 */
export async function commitBatchIn(
  c: WalletCollections,
  transaction: RunTransaction,
  writes: readonly BatchWrite[],
): Promise<BatchOutcome[]> {
  const refused = new Map<number, WalletError>();
  for (;;) {
    try {
      return await transaction(async (session) => {
        const outcomes: BatchOutcome[] = [];
        for (const [index, write] of writes.entries()) {
          const refusal = refused.get(index);
          if (refusal) {
            outcomes.push({ error: refusal });
            continue;
          }
          try {
            outcomes.push(await applyWrite(c, session, write));
          } catch (error) {
            if (error instanceof WalletError) throw new RefusedWrite(index, error);
            throw error;
          }
        }
        return outcomes;
      });
    } catch (error) {
      if (!(error instanceof RefusedWrite)) throw error;
      refused.set(error.index, error.refusal);
    }
  }
}

async function applyWrite(c: WalletCollections, session: ClientSession, write: BatchWrite): Promise<BatchOutcome> {
  switch (write.type) {
    case 'commit':
      return { transaction: await commitOnce(c, session, write.entry) };
    case 'capture': {
      const doc = await c.holds.findOne({ _id: write.capture.holdId }, { session });
      let entry: LedgerEntry;
      try {
        entry = captureEntry(write, doc && decodeHold(doc));
      } catch (error) {
        const previous = isUncapturable(error) ? await storedTransaction(c, session, write.capture.id) : null;
        if (!previous) throw error;
        return { transaction: { status: 'duplicate', record: previous.transaction, request: previous.request } };
      }
      return { transaction: await commitOnce(c, session, entry) };
    }
    case 'placeHold': {
      const { hold, request } = write;
      const doc = await c.holds.findOne({ _id: hold.id }, { session });
      if (doc) return { hold: { status: 'duplicate', record: decodeHold(doc), request: decodeRequest(doc.request) } };
      if (hold.expiresAt <= hold.createdAt) return { hold: null };
      return { hold: { status: 'created', record: await placeHoldIn(c, session, hold, request) } };
    }
    case 'releaseHold':
      return { release: await releaseHoldIn(c, session, write.holdId, write.now) };
    case 'voidHold': {
      const release = await releaseHoldIn(c, session, write.hold.id, write.hold.createdAt);
      if (release) return { release };
      await c.holds.insertOne(encodeHold(write.hold, write.request), { session });
      return { hold: { status: 'created', record: write.hold } };
    }
  }
}

/** Commits an entry unless its id was used: then the stored transaction is the outcome. */
async function commitOnce(
  c: WalletCollections,
  session: ClientSession,
  entry: LedgerEntry,
): Promise<WriteOutcome<Transaction>> {
  const previous = await storedTransaction(c, session, entry.transaction.id);
  if (previous) return { status: 'duplicate', record: previous.transaction, request: previous.request };
  return { status: 'created', record: await applyEntry(c, session, entry) };
}

async function storedTransaction(
  c: WalletCollections,
  session: ClientSession,
  id: string,
): Promise<StoredTransaction | null> {
  const doc = await c.transactions.findOne({ _id: id }, { session });
  return doc && decodeTransaction(doc);
}
