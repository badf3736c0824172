/** Runs `work` while PGlite runs nothing else. */
export type Exclusive = <T>(work: () => Promise<T>) => Promise<T>;

interface TransactionLockHolder {
  _runExclusiveTransaction?: unknown;
  runExclusive?: unknown;
}

/**
 * The lock a statement outside any transaction must hold, or `undefined` when
 * this PGlite build does not expose it (callers then fall back to `db.query`).
 *
 * PGlite guards its single connection with two locks: `transaction()` holds the
 * transaction lock for its whole callback but takes the query lock only around
 * each statement. The public `runExclusive` takes the query lock alone, so a
 * statement run under it could land between two statements of another caller's
 * open transaction and commit or roll back with it. `db.query` avoids that by
 * taking the transaction lock first, which PGlite exposes only as the internal
 * `_runExclusiveTransaction`; this module is the one place that touches it.
 */
export function outsideTransactionLock(db: object): Exclusive | undefined {
  const transactionLock = betweenTransactions(db);
  const holder = db as TransactionLockHolder;
  if (!transactionLock || typeof holder.runExclusive !== 'function') return undefined;
  const queryLock = holder.runExclusive as Exclusive;
  return <T>(work: () => Promise<T>) => transactionLock(() => queryLock.call(db, work) as Promise<T>);
}

/**
 * The transaction lock alone, or `undefined` when this PGlite build does not
 * expose it: work under it falls between two transactions, never inside one,
 * and may still call members that take the query lock themselves (such as
 * `dumpDataDir`).
 */
export function betweenTransactions(db: object): Exclusive | undefined {
  const holder = db as TransactionLockHolder;
  if (typeof holder._runExclusiveTransaction !== 'function') return undefined;
  const transactionLock = holder._runExclusiveTransaction as Exclusive;
  return <T>(work: () => Promise<T>) => transactionLock.call(db, work) as Promise<T>;
}
