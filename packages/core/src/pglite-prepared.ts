import { type Exclusive, outsideTransactionLock } from './pglite-locks.js';
import { sqlState } from './sql.js';
import { statementName } from './statement-names.js';

type PGliteModule = typeof import('@electric-sql/pglite');
type BackendMessages = Parameters<PGliteModule['parse']['parseResults']>[0];

/** The public PGlite members the prepared path drives (PGlite 0.2 and later). */
interface ProtocolDb {
  execProtocol(message: Uint8Array, options?: { syncToFs?: boolean }): Promise<{ messages: BackendMessages }>;
  runExclusive<T>(work: () => Promise<T>): Promise<T>;
  readonly waitReady: Promise<void>;
  readonly closed: boolean;
  serializers: Record<number | string, (value: unknown) => string>;
  parsers: Parameters<PGliteModule['parse']['parseResults']>[1];
}

/** Where a statement runs: on its own, or inside a PGlite transaction (whose query it falls back to). */
export type StatementScope =
  | { inTransaction: false; fallback: () => Promise<{ rows: unknown[] }> }
  | { inTransaction: true; closed: boolean; fallback: () => Promise<{ rows: unknown[] }> };

/** Runs fixed statement texts on one PGlite as named prepared statements. */
export interface PreparedStatements {
  /** Parses `text` once per database, then only binds and executes it. */
  run(text: string, params: readonly unknown[], scope: StatementScope): Promise<{ rows: unknown[] }>;
}

// A prepared statement cannot be bound: its result columns changed (0A000) or it was deallocated (26000).
const STALE_STATEMENT = new Set(['0A000', '26000']);

let protocolModule: Promise<PGliteModule | undefined> | undefined;

// Loaded on first use only: PGlite is an optional peer, and whoever passes a PGlite has it installed.
function loadProtocol(): Promise<PGliteModule | undefined> {
  protocolModule ??= import('@electric-sql/pglite').then(
    (module) =>
      typeof module.protocol?.serialize?.bind === 'function' && typeof module.parse?.parseResults === 'function'
        ? module
        : undefined,
    () => undefined,
  );
  return protocolModule;
}

const byDatabase = new WeakMap<object, PreparedStatements | null>();

/**
 * The prepared statements of `db`, shared by every executor over it, or
 * `undefined` when this PGlite lacks the protocol members (statements then go
 * through `db.query` as before).
 */
export function preparedStatementsOf(db: object): PreparedStatements | undefined {
  let statements = byDatabase.get(db);
  if (statements === undefined) {
    const outsideLock = outsideTransactionLock(db);
    statements = speaksProtocol(db) && outsideLock ? createPreparedStatements(db, outsideLock) : null;
    byDatabase.set(db, statements);
  }
  return statements ?? undefined;
}

function speaksProtocol(db: object): db is ProtocolDb {
  const candidate = db as Partial<ProtocolDb>;
  return (
    typeof candidate.execProtocol === 'function' &&
    typeof candidate.runExclusive === 'function' &&
    candidate.waitReady instanceof Promise &&
    typeof candidate.serializers === 'object' &&
    typeof candidate.parsers === 'object'
  );
}

function createPreparedStatements(db: ProtocolDb, outsideLock: Exclusive): PreparedStatements {
  // Parameter type ids of each statement text prepared on this database.
  const prepared = new Map<string, number[]>();

  async function prepare(pglite: PGliteModule, text: string): Promise<number[]> {
    const name = statementName(text);
    const { serialize } = pglite.protocol;
    // Close first: a statement of that name left from an earlier prepare is replaced, never a 42P05 error.
    const { messages } = await db.execProtocol(
      concat(
        serialize.close({ type: 'S', name }),
        serialize.parse({ name, text }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ),
      { syncToFs: false },
    );
    const paramTypes = pglite.parse.parseDescribeStatementResults(messages);
    prepared.set(text, paramTypes); // only reached when the parse succeeded
    return paramTypes;
  }

  async function execute(pglite: PGliteModule, text: string, params: readonly unknown[], inTransaction: boolean) {
    const paramTypes = prepared.get(text) ?? (await prepare(pglite, text));
    const { serialize } = pglite.protocol;
    const values = params.map((value, index) => serializeParam(db, value, paramTypes[index]));
    const { messages } = await db.execProtocol(
      concat(
        serialize.bind({ statement: statementName(text), values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ),
      // As db.query: a transaction's statements reach the disk with its COMMIT.
      { syncToFs: !inTransaction },
    );
    const [result] = pglite.parse.parseResults(messages, db.parsers);
    return { rows: result?.rows ?? [] };
  }

  async function runLocked(pglite: PGliteModule, text: string, params: readonly unknown[], inTransaction: boolean) {
    // Closed while this statement waited for the lock: fail as db.query would, not inside the freed module.
    if (db.closed) throw new Error('PGlite is closed');
    try {
      return await execute(pglite, text, params, inTransaction);
    } catch (error) {
      if (!STALE_STATEMENT.has(sqlState(error) ?? '')) throw error;
      prepared.delete(text);
      // Inside a transaction the error has already aborted it: fail as any statement would,
      // and the next call prepares afresh. On its own, the failed statement changed nothing.
      if (inTransaction) throw error;
      return await execute(pglite, text, params, inTransaction);
    }
  }

  return {
    async run(text, params, scope) {
      const pglite = await loadProtocol();
      // A closed database or transaction answers through PGlite's own query, with PGlite's own error.
      await db.waitReady;
      if (!pglite || db.closed || (scope.inTransaction && scope.closed)) return scope.fallback();
      const run = () => runLocked(pglite, text, params, scope.inTransaction).catch(withStatement(text, params));
      // Inside a transaction, it already holds the transaction lock: take the query lock only.
      return scope.inTransaction ? db.runExclusive(run) : outsideLock(run);
    },
  };
}

// As db.query does: null stays NULL, a value goes through PGlite's serializer for the parameter's type.
function serializeParam(db: ProtocolDb, value: unknown, typeId: number | undefined): string | null {
  if (value === null || value === undefined) return null;
  const serializer = typeId === undefined ? undefined : db.serializers[typeId];
  return serializer ? serializer(value) : String(value);
}

// As db.query does: a database error names the statement and parameters that caused it.
function withStatement(text: string, params: readonly unknown[]) {
  return (error: unknown): never => {
    if (sqlState(error) !== undefined) Object.assign(error as object, { query: text, params });
    throw error;
  };
}

function concat(...messages: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    joined.set(message, offset);
    offset += message.length;
  }
  return joined;
}
