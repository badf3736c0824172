import { type PreparedStatements, preparedStatementsOf } from './pglite-prepared.js';
import type { SqlExecutor } from './sql.js';

/** A PGlite transaction as its callback receives it. */
export interface PGliteTransactionLike {
  /** PGlite's `tx.query(text, params)`. */
  query: PGliteLike['query'];
  /** PGlite's `tx.closed`: the transaction has committed or rolled back. */
  readonly closed?: boolean;
}

/**
 * The part of a PGlite database the executor uses. A full `PGlite` also offers
 * the protocol members prepared statements need (`execProtocol`,
 * `runExclusive`, `parsers`, `serializers`); anything lacking them runs every
 * statement through `query`.
 */
export interface PGliteLike {
  /** PGlite's `query(text, params)`. */
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  /** PGlite's `transaction(callback)`. */
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
}

/**
 * Wraps an embedded PGlite database as a {@link SqlExecutor}. Statements run
 * with `{ prepare: true }` are parsed once per database and then only bound
 * and executed, inside transactions too; their rows come back exactly as
 * `db.query` returns them.
 */
export function fromPGlite(db: PGliteLike): SqlExecutor {
  const prepared = preparedStatementsOf(db);
  return {
    query(text, params = [], options) {
      const plain = () => db.query(text, params as unknown[]);
      if (!options?.prepare || !prepared) return plain() as never;
      return prepared.run(text, params, { inTransaction: false, fallback: plain }) as never;
    },
    transaction: (work) => db.transaction((tx) => work(inTransaction(tx, prepared))),
  };
}

function inTransaction(tx: PGliteTransactionLike, prepared: PreparedStatements | undefined): SqlExecutor {
  const executor: SqlExecutor = {
    query(text, params = [], options) {
      const plain = () => tx.query(text, params as unknown[]);
      if (!options?.prepare || !prepared) return plain() as never;
      return prepared.run(text, params, { inTransaction: true, closed: tx.closed === true, fallback: plain }) as never;
    },
    // Already inside a transaction: nested work joins it.
    transaction: (work) => work(executor),
  };
  return executor;
}
