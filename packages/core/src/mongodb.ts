import { type Collection, type Db, type Document, Long, MongoServerError } from 'mongodb';

// MongoDB plumbing every adapter shares. Its own entry, so only code that
// already loads the `mongodb` driver (an optional peer) pulls it in.

const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;

/**
 * Options for `session.withTransaction` in every MongoDB adapter. Snapshot
 * reads make check-then-write safe: a transaction that writes a document
 * another one changed since its snapshot fails with a transient
 * WriteConflict, and `withTransaction` reruns it against fresh data. Majority
 * writes make a committed write survive a primary failover.
 */
export const snapshotTransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
} as const;

/**
 * Collection options for documents with int64 fields: Longs stay `Long` when
 * read (`promoteLongs: false`), so each is decoded, and checked, by
 * {@link fromInt64}; writes outside a transaction are majority-acknowledged and
 * reads go to the primary, so the next call, from any process, sees a write.
 */
export const int64CollectionOptions = {
  promoteLongs: false,
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
} as const;

/** Encodes a safe integer (paise, epoch milliseconds, a sequence) as int64, so it is never a BSON double. */
export function int64(value: number): Long {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
  return Long.fromNumber(value);
}

/** Decodes an int64, or the int32 an empty `$sum` or another client may write, back to a safe integer. */
export function fromInt64(value: Long | number): number {
  const number = typeof value === 'number' ? value : value.toNumber();
  if (!Number.isSafeInteger(number)) throw new RangeError(`stored integer ${String(value)} is not a safe integer`);
  return number;
}

/** True for MongoDB's duplicate key error: a unique index refused the write (an id already used). */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/**
 * Creates each collection that does not exist yet, with majority write
 * concern and, where given, its validator. Collections must exist before a
 * multi-document transaction writes to them (MongoDB 4.2 cannot create one
 * inside it), so every adapter's `migrate()` calls this first. Safe when
 * several processes migrate at once.
 */
export async function createMissingCollections(
  db: Db,
  collections: readonly Collection<Document>[],
  validators: Readonly<Record<string, Document>> = {},
): Promise<void> {
  const existing = await db.listCollections({}, { nameOnly: true }).toArray();
  const names = new Set(existing.map((collection) => collection.name));
  for (const { collectionName } of collections) {
    if (names.has(collectionName)) continue;
    const validator = validators[collectionName];
    try {
      await db.createCollection(collectionName, {
        writeConcern: { w: 'majority' },
        ...(validator ? { validator } : {}),
      });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error; // a concurrent migrate won
    }
  }
}
