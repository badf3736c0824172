/**
 * Where the database server's busy connections are during a measured window: every client
 * backend running a statement, sampled from `pg_stat_activity` every 100 ms, counted by what it
 * runs (wallet batches, session writes, account reads) and what it is doing (on the CPU, waiting
 * for a row another transaction holds, waiting for its commit's WAL flush). A step that breaks with
 * cores to spare says here which queue it broke on. Also the WAL the window wrote: each commit
 * waits for the flush of everything written before it.
 */
import pg from 'pg';
import { sleep } from './billing-load.js';

const EVERY_MS = 100;

/** What a busy connection runs, from its statement's text. */
const STATEMENTS: readonly (readonly [label: string, marker: string])[] = [
  ['wallet batches', 'jc_wallet_commit_many'],
  ['session writes', 'jc_billing_update_sessions'],
  ['account reads', 'jc_wallet_accounts'],
];

/** What a busy connection is doing, from its wait event (none: on the CPU). */
function activityOf(type: string | null, event: string | null): string {
  if (type === null) return 'on CPU';
  if (type === 'Lock' && (event === 'transactionid' || event === 'tuple')) return 'on a row lock';
  if (event === 'WALWrite' || event === 'WALSync') return 'on a WAL flush';
  return `on ${type}:${event}`;
}

/** Samples counted per statement, then per activity. */
export type ServerWaits = Record<string, Record<string, number>>;

/** Samples one server's busy connections over a window, on a connection of its own. */
export interface ServerWaitsSampler {
  /** Samples until `until` (epoch ms); also the WAL written meanwhile. */
  sample(until: number): Promise<{ waits: ServerWaits; walBytes: number }>;
  close(): Promise<void>;
}

/** A sampler of the server behind `url`. */
export async function serverWaitsSampler(url: string): Promise<ServerWaitsSampler> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const walPosition = async () =>
    String((await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]?.lsn);
  return {
    async sample(until) {
      const waits: ServerWaits = {};
      const walFrom = await walPosition();
      while (Date.now() < until) {
        const { rows } = await client.query<{ query: string; type: string | null; event: string | null }>(
          `SELECT query, wait_event_type AS type, wait_event AS event FROM pg_stat_activity
           WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
        );
        for (const row of rows) {
          const statement = STATEMENTS.find(([, marker]) => row.query.includes(marker))?.[0] ?? 'other statements';
          const activity = activityOf(row.type, row.event);
          const counts = waits[statement] ?? {};
          counts[activity] = (counts[activity] ?? 0) + 1;
          waits[statement] = counts;
        }
        await sleep(EVERY_MS);
      }
      const { rows } = await client.query<{ bytes: string }>(
        'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes',
        [walFrom],
      );
      return { waits, walBytes: Number(rows[0]?.bytes ?? 0) };
    },
    close: () => client.end(),
  };
}

/** One line: each statement's samples by activity, most frequent first. */
export function describeWaits(waits: ServerWaits): string {
  const parts = Object.entries(waits).map(([statement, counts]) => {
    const activities = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    return `${statement} ${activities.map(([activity, n]) => `${n} ${activity}`).join(', ')}`;
  });
  return parts.length === 0 ? 'none busy' : parts.join('; ');
}
