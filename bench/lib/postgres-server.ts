/** The PostgreSQL server a bench measures, found or started the same way by every bench. */
import { startTestPostgres } from '@jyotishconnect/core/testing';
import pg from 'pg';
import { statementSettings } from './server-statements.js';

/** Where a bench's PostgreSQL runs. */
export interface BenchPostgres {
  /** Connection string. */
  readonly url: string;
  /** A cluster started for this run (else DATABASE_URL's server). */
  readonly throwaway: boolean;
  /** The server's own `fsync` setting, as it reports it. */
  readonly fsync: string;
}

/**
 * Runs `measure` on DATABASE_URL's server as it is configured, else on a throwaway cluster from the
 * local binaries, with fsync on unless BENCH_FSYNC=off: a cluster that skips flushes hides what a
 * disk's flush costs, and with it every hot row. With neither, prints `<label>: skipped: …` and
 * returns null. A throwaway cluster is stopped however `measure` ends.
 */
export async function withBenchPostgres<T>(
  label: string,
  measure: (server: BenchPostgres) => Promise<T>,
): Promise<T | null> {
  const given = process.env.DATABASE_URL;
  const cluster = given
    ? null
    : await startTestPostgres({ fsync: process.env.BENCH_FSYNC !== 'off', settings: statementSettings() });
  const url = given ?? cluster?.url;
  if (!url) {
    console.log(`${label}: skipped: no PostgreSQL server (set DATABASE_URL or install PostgreSQL binaries)`);
    return null;
  }
  try {
    return await measure({ url, throwaway: cluster !== null, fsync: await showFsync(url) });
  } finally {
    await cluster?.stop();
  }
}

async function showFsync(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return String((await client.query('SHOW fsync')).rows[0]?.fsync ?? 'unknown');
  } finally {
    await client.end();
  }
}
