import { statementName } from './statement-names.js';

/** The result of one SQL statement. */
export interface SqlResult<Row> {
  /** Rows returned by the statement (empty for writes without `RETURNING`). */
  rows: Row[];
}

/** Per-statement options of {@link SqlExecutor.query}. */
export interface QueryOptions {
  /**
   * Keep the statement prepared, so the database parses and plans it once
   * rather than on every call: a named statement on each node-postgres
   * connection, and one per embedded PGlite database. For fixed statement
   * texts only (each distinct text stays prepared for the life of the
   * connection or database).
   */
  prepare?: boolean;
}

/**
 * The tiny surface the SQL adapters need from a PostgreSQL driver. Both a
 * node-postgres `Pool` and an embedded PGlite database satisfy it through
 * {@link fromPg} and {@link fromPGlite}, so one adapter serves both.
 */
export interface SqlExecutor {
  /** Runs one parameterized statement. */
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<SqlResult<Row>>;
  /** Runs `work` inside one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** A node-postgres query config: a named statement is prepared once per connection. */
export interface PgQueryConfig {
  /** Statement name; node-postgres prepares it on first use on each connection. */
  name?: string;
  /** SQL text. */
  text: string;
  /** Parameter values. */
  values?: unknown[];
}

/** The part of a node-postgres client the executor uses. */
export interface PgQueryable {
  /** node-postgres' `query(config)`. */
  query(config: PgQueryConfig): Promise<{ rows: unknown[] }>;
}

/** A node-postgres client checked out of a pool. */
export interface PgPoolClientLike extends PgQueryable {
  /** Returns the client to the pool; `true` or an error discards it. */
  release(error?: Error | boolean): void;
}

/** The part of a node-postgres `Pool` the executor uses. */
export interface PgPoolLike extends PgQueryable {
  /** Checks out one client for a transaction. */
  connect(): Promise<PgPoolClientLike>;
}

/** Wraps a node-postgres `Pool` (a real server, many connections) as a {@link SqlExecutor}. */
export function fromPg(pool: PgPoolLike): SqlExecutor {
  return {
    query: (text, params, options) => pool.query(pgQuery(text, params, options)) as never,
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query({ text: 'BEGIN' });
        const result = await work(singleConnection(client));
        await client.query({ text: 'COMMIT' });
        return result;
      } catch (error) {
        try {
          await client.query({ text: 'ROLLBACK' });
        } catch {
          broken = true; // the connection is unusable; the pool must discard it
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

function singleConnection(client: PgQueryable): SqlExecutor {
  const executor: SqlExecutor = {
    query: (text, params, options) => client.query(pgQuery(text, params, options)) as never,
    // Already inside a transaction: nested work joins it.
    transaction: (work) => work(executor),
  };
  return executor;
}

function pgQuery(
  text: string,
  params: readonly unknown[] | undefined,
  options: QueryOptions | undefined,
): PgQueryConfig {
  const values = params as unknown[] | undefined;
  if (!options?.prepare) return { text, values };
  return { name: statementName(text), text, values };
}

/** Quotes an SQL identifier such as a schema name. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** SQLSTATE of a driver error, if it carries one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** One package's schema migrations: ordered statements, each applied once. */
export interface Migration {
  /** Monotonic version number within the package. */
  version: number;
  /** Statements applied in one transaction. */
  statements: readonly string[];
}

/**
 * Applies a package's pending migrations, idempotently and safely when several
 * processes start at once (an advisory lock serializes them).
 */
export async function migrate(
  db: SqlExecutor,
  options: { schema: string; component: string; migrations: readonly Migration[] },
): Promise<void> {
  const schema = quoteIdent(options.schema);
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`jyotishconnect:${options.schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.jc_migrations (
         component text NOT NULL, version integer NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (component, version))`,
    );
    const { rows } = await tx.query<{ version: number }>(
      `SELECT version FROM ${schema}.jc_migrations WHERE component = $1`,
      [options.component],
    );
    const applied = new Set(rows.map((row) => Number(row.version)));
    for (const migration of options.migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(`INSERT INTO ${schema}.jc_migrations (component, version) VALUES ($1, $2)`, [
        options.component,
        migration.version,
      ]);
    }
  });
}
