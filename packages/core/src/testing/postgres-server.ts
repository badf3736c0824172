import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** A throwaway PostgreSQL cluster started for a test run. */
export interface TestPostgres {
  /** Connection string for the cluster's `postgres` database. */
  url: string;
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
}

/** How {@link startTestPostgres} runs the cluster. */
export interface TestPostgresOptions {
  /**
   * Flush commits to disk (`fsync`), as a production server does. Off by
   * default: tests need speed, not durability; benchmarks of commit rates
   * need it on, since a disk's flush is what caps them.
   */
  readonly fsync?: boolean;
  /**
   * More server settings, each passed as `-c name=value` (say `shared_preload_libraries`, which only a
   * server start can set). A name outside `[\w.]`, or a value outside `[\w.,-]`, throws before anything starts.
   */
  readonly settings?: Readonly<Record<string, string>>;
}

/**
 * Starts a throwaway PostgreSQL cluster from the locally installed binaries:
 * `initdb` into a temp folder, a free port on 127.0.0.1, and (when running as
 * root, which PostgreSQL refuses) an unprivileged OS user. Returns `null` when
 * no PostgreSQL binaries are installed.
 */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres | null> {
  const settings = Object.entries(options.settings ?? {}).flatMap(([name, value]) => {
    if (!/^[\w.]+$/.test(name) || !/^[\w.,-]+$/.test(value)) {
      throw new Error(`startTestPostgres: setting "${name}=${value}" is not a plain name and value`);
    }
    return ['-c', `${name}=${value}`];
  });
  const binDir = findPostgresBinaries();
  if (!binDir) return null;
  const runAs = unprivilegedUser();
  const dataDir = mkdtempSync(join(tmpdir(), 'jc-pg-'));
  if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
  const spawnOptions = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};

  execFileSync(join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'], {
    ...spawnOptions,
    stdio: 'ignore',
  });
  const port = await freePort();
  const server = spawn(
    join(binDir, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-k', dataDir, '-h', '127.0.0.1', '-c', 'max_connections=300'].concat(
      options.fsync ? [] : ['-F'],
      settings,
    ),
    { ...spawnOptions, stdio: 'ignore' },
  );
  try {
    await waitUntilReady(join(binDir, 'pg_isready'), port, server);
  } catch (error) {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await stopProcess(server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function findPostgresBinaries(): string | undefined {
  const candidates = [process.env.PG_BIN].filter((dir): dir is string => Boolean(dir));
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) candidates.push(dir);
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
}

function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      // try the next candidate
    }
  }
  throw new Error('running as root and no unprivileged user (postgres, nobody) exists for PostgreSQL');
}

async function waitUntilReady(pgIsReady: string, port: number, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`postgres exited early with code ${server.exitCode}`);
    try {
      execFileSync(pgIsReady, ['-h', '127.0.0.1', '-p', String(port), '-q'], { stdio: 'ignore' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('postgres did not become ready within 30 s');
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT'); // PostgreSQL's "fast" shutdown
  await exited;
}
