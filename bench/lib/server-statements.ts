/**
 * What each statement cost the PostgreSQL server over a measured window, from `pg_stat_statements`
 * with `track = all`, so the statements inside the wallet's and billing's PL/pgSQL functions count
 * on their own (BENCH_PG_STATEMENTS=N prints the N dearest per step). The extension must be
 * preloaded: a throwaway cluster is started with it ({@link statementSettings}); a DATABASE_URL
 * server must have it in `shared_preload_libraries` already. Tracking costs the server some CPU,
 * so steps measured with it hold a little less.
 */
import pg from 'pg';
import { envNumber } from './common.js';

/** How many statements each step prints (BENCH_PG_STATEMENTS; 0, the default: none, and no tracking). */
export const STATEMENTS_SHOWN = envNumber('BENCH_PG_STATEMENTS', 0, { zero: true });

/** The server settings a throwaway cluster needs for {@link serverStatements}, when they are asked for. */
export function statementSettings(): Record<string, string> {
  return STATEMENTS_SHOWN > 0
    ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' }
    : {};
}

/** Per-statement figures of one server, on a connection of its own. */
export interface ServerStatements {
  /** Forgets the figures so far: a window starts. */
  reset(): Promise<void>;
  /** The dearest statements since the last reset, one line each, in µs per tick over `ticks`. */
  describe(ticks: number): Promise<string[]>;
  close(): Promise<void>;
}

/** Statement figures of the server behind `url`, or null when BENCH_PG_STATEMENTS is not set. */
export async function serverStatements(url: string): Promise<ServerStatements | null> {
  if (STATEMENTS_SHOWN === 0) return null;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  } catch (error) {
    await client.end();
    throw new Error(`BENCH_PG_STATEMENTS needs pg_stat_statements in shared_preload_libraries: ${error}`);
  }
  return {
    async reset() {
      await client.query('SELECT pg_stat_statements_reset()');
    },
    async describe(ticks) {
      const { rows } = await client.query<{ ms: number; calls: string; toplevel: boolean; text: string }>(
        `SELECT total_exec_time AS ms, calls::text, toplevel,
           left(regexp_replace(regexp_replace(query, '"[^"]+"\\.', '', 'g'), '\\s+', ' ', 'g'), 100) AS text
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY total_exec_time DESC LIMIT $1`,
        [STATEMENTS_SHOWN],
      );
      const perTick = (ms: number) => ((ms * 1_000) / Math.max(1, ticks)).toFixed(1);
      // A function's own line counts the statements inside it too: those are marked as nested.
      return rows.map(
        (row) => `${perTick(row.ms)} µs a tick, ${row.calls} calls${row.toplevel ? '' : ', nested'}: ${row.text}`,
      );
    },
    close: () => client.end(),
  };
}
