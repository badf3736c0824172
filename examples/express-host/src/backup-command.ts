import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restoreDataDir } from './backup.js';
import { DEFAULT_DATA_DIR } from './config.js';
import { HostError } from './errors.js';

/** What the backup tool prints when its command line is neither command. */
export const BACKUP_USAGE = `Backs up and restores the host's embedded PGlite database (its DATA_DIR folder).

  backup --out FILE [--data-dir DIR]   copies DIR to FILE (.tar.gz); stop the host first.
                                       While it runs, ask it instead: POST /api/admin/backup as an admin.
  restore --in FILE [--data-dir DIR]   loads FILE into DIR, which must be empty or absent;
                                       then start the host with DATA_DIR=DIR.

DIR defaults to DATA_DIR, else ${DEFAULT_DATA_DIR}.`;

/** A command line of the backup tool, parsed. */
export type BackupCommand =
  | { readonly command: 'backup'; readonly out: string; readonly dataDir: string }
  | { readonly command: 'restore'; readonly in: string; readonly dataDir: string };

/** Parses `backup --out FILE` or `restore --in FILE` (each with an optional `--data-dir`); `null` when it is neither. */
export function parseBackupCommand(args: readonly string[], env: NodeJS.ProcessEnv): BackupCommand | null {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch {
    return null;
  }
  const [command, ...extra] = parsed.positionals;
  // pnpm runs the script in the package's folder; a relative path means one from where pnpm was run.
  const path = (given: string) => resolve(env.INIT_CWD ?? '', given);
  const dataDir = path(parsed.values['data-dir'] ?? env.DATA_DIR ?? DEFAULT_DATA_DIR);
  if (extra.length > 0) return null;
  if (command === 'backup' && parsed.values.out && !parsed.values.in) {
    return { command, out: path(parsed.values.out), dataDir };
  }
  if (command === 'restore' && parsed.values.in && !parsed.values.out) {
    return { command, in: path(parsed.values.in), dataDir };
  }
  return null;
}

function parseOptions(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { out: { type: 'string' }, in: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
}

async function backupOffline(dataDir: string, out: string): Promise<number> {
  // PGlite would create an empty database in a folder that has none: a backup of nothing.
  if (!existsSync(join(dataDir, 'PG_VERSION'))) throw new HostError('NOT_FOUND', `${dataDir} holds no database`);
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dataDir);
  try {
    // This process opened the folder alone and runs nothing else on it: no transaction to wait for.
    // (A running host's online backup waits for one: `dumpDataDir` of core's PGlite worker.)
    const archive = await pglite.dumpDataDir('gzip');
    // `wx`: an existing file is never overwritten (it may be the only good backup).
    writeFileSync(out, Buffer.from(await archive.arrayBuffer()), { flag: 'wx' });
    return archive.size;
  } finally {
    await pglite.close();
  }
}

/** Runs a parsed command; resolves with the line to print. */
export async function runBackupCommand(command: BackupCommand): Promise<string> {
  if (command.command === 'backup') {
    const bytes = await backupOffline(command.dataDir, command.out);
    return `backed up ${command.dataDir} to ${command.out} (${bytes} bytes)`;
  }
  await restoreDataDir(command.dataDir, new Blob([readFileSync(command.in)]));
  return `restored ${command.in} into ${command.dataDir}; start the host with DATA_DIR=${command.dataDir}`;
}
