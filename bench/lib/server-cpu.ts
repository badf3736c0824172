/**
 * CPU time of a PostgreSQL server on this machine, read from `/proc`: the
 * postmaster, its live children (backends, WAL writer, checkpointer…) and the
 * children it has reaped. The billing bench divides it by the ticks of a
 * window to tell the database's share of a tick from the engine's.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Fields of `/proc/<pid>/stat` after the command name: index 1 is the parent, 11–14 are CPU ticks. */
function statOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? null;
  } catch {
    return null; // the process ended meanwhile
  }
}

function cpuTicks(stat: string[], reaped: boolean): number {
  const own = Number(stat[11]) + Number(stat[12]);
  return reaped ? own + Number(stat[13]) + Number(stat[14]) : own;
}

/** Milliseconds of CPU the server behind `url` has used so far, or `null` when it does not run on this machine. */
export async function serverCpuReader(url: string): Promise<(() => number) | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let dataDir: string;
  try {
    dataDir = String((await client.query('SHOW data_directory')).rows[0]?.data_directory);
  } catch {
    return null; // a role without pg_read_all_settings may not see where the server keeps its files
  } finally {
    await client.end();
  }
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null; // a server elsewhere, or a data directory this user cannot read
  }
  if (!statOf(postmaster)) return null;
  return () => {
    let ticks = cpuTicks(statOf(postmaster) ?? [], true);
    for (const entry of readdirSync('/proc')) {
      const stat = /^\d+$/.test(entry) ? statOf(Number(entry)) : null;
      if (stat && Number(stat[1]) === postmaster) ticks += cpuTicks(stat, false);
    }
    return (ticks * 1_000) / TICKS_PER_SECOND;
  };
}
