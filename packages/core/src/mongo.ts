/**
 * Options for `session.withTransaction` in every MongoDB adapter. Snapshot
 * reads make check-then-write safe: a transaction that writes a document
 * another one changed since its snapshot fails with a transient
 * WriteConflict, and `withTransaction` reruns it against fresh data. Majority
 * writes make a committed write survive a primary failover.
 *
 * Plain data, so core needs no MongoDB dependency; it satisfies the driver's
 * `TransactionOptions`.
 */
export const snapshotTransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
} as const;
