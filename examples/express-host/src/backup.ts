import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HostError } from './errors.js';

/** The media type of a backup: PGlite's data folder as a gzipped tar archive. */
export const BACKUP_MEDIA_TYPE = 'application/gzip';

/** A backup's file name for the moment `at` (epoch ms), safe on every file system. */
export function backupFileName(at: number): string {
  return `jyotishconnect-${new Date(at).toISOString().replace(/[:.]/g, '-')}.tar.gz`;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Restores a backup into `dataDir`, which must be empty or absent: a restore
 * never overwrites a database. Opens the restored folder once, so a backup
 * that does not load fails here, and leaves no half-restored folder behind.
 */
export async function restoreDataDir(dataDir: string, archive: Blob): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new HostError('RESTORE_TARGET_NOT_EMPTY', `${dataDir} is not empty: restore into a new, empty folder`);
  }
  const head = new Uint8Array(await archive.slice(0, 2).arrayBuffer());
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
    throw new HostError('BACKUP_INVALID', 'this file is not a backup of the host (a .tar.gz of its data folder)');
  }
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  try {
    const pglite = await PGlite.create(dataDir, { loadDataDir: archive });
    try {
      await pglite.query('SELECT 1');
    } finally {
      await pglite.close();
    }
  } catch (error) {
    // Emptied, not removed: the folder may be a mount point the operator made.
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    throw new HostError('BACKUP_INVALID', 'this backup could not be loaded; it may be damaged or incomplete', {
      cause: error,
    });
  }
}
