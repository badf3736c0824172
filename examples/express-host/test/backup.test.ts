import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isJyotishError, ManualClock } from '@jyotishconnect/core';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreDataDir } from '../src/backup.js';
import { parseBackupCommand, runBackupCommand } from '../src/backup-command.js';
import {
  type Cast,
  castOf,
  endedChat,
  type Json,
  MODES,
  productionSecrets,
  startTestHost,
  type TestHost,
} from './helpers.js';

const HOST_DIR = fileURLToPath(new URL('..', import.meta.url));
// PGlite starts in seconds on an idle machine, far slower on a loaded one: these tests wait for it, several times.
const PGLITE_TEST_MS = 600_000;

/** `pnpm --filter @jyotishconnect/express-host restore|backup …`'s command line, run as the operator runs it. */
async function backupTool(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@jyotishconnect/source', '--import', 'tsx', 'src/backup-cli.ts', ...args],
    { cwd: HOST_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, output: output.join('') };
}

/** The host error code `work` rejects with. */
async function codeOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!isJyotishError(error)) throw new Error(`expected a host error, got ${String(error)}`);
  return error.code;
}

describe.each(MODES)('in %s mode, the embedded database is backed up while sessions run', (mode) => {
  const hosts: TestHost[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  async function folder(): Promise<string> {
    const made = await mkdtemp(join(tmpdir(), 'jc-backup-'));
    folders.push(made);
    return made;
  }

  async function start(env: Record<string, string>, clock?: TestHost['clock']): Promise<TestHost> {
    const t = await startTestHost(mode, { env, ...(clock ? { clock } : {}) });
    hosts.push(t);
    return t;
  }

  /** What a restore must bring back: both wallets, the session, Asha's ledger, and the books' audit. */
  async function moneyOf(t: TestHost, cast: Cast, sessionId: string): Promise<Json> {
    const read = async (path: string, token: string) => {
      const { status, body } = await t.call('GET', path, { token });
      expect(status).toBe(200);
      return body;
    };
    return {
      asha: await read('/api/wallet', cast.asha.token),
      guru: await read('/api/wallet', cast.guru.token),
      session: (await read(`/api/consultations/${sessionId}`, cast.asha.token)).session,
      ledger: await read('/api/wallet/statement', cast.asha.token),
      books: await t.host.services.wallet.verify(),
    };
  }

  const backupOf = (t: TestHost, token?: string) =>
    fetch(`${t.url}/api/admin/backup`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });

  it(
    'a backup taken mid-session restores wallets, the session and the ledger as they were at that moment',
    async () => {
      const env = {
        // The same JWT secret on both hosts: the tokens of the first are valid on the restored one.
        ...(mode === 'production' ? productionSecrets() : {}),
        STORE: 'pglite',
        DATA_DIR: await folder(),
        ENGINE_ID: 'host-a',
      };
      const first = await start(env);
      const cast = await castOf(first);
      const requested = await first.call('POST', '/api/consultations', {
        token: cast.asha.token,
        body: { consultantId: cast.guru.id, service: 'chat' },
      });
      expect(requested.status).toBe(201);
      const sessionId = requested.body.id as string;
      await first.call('POST', `/api/consultations/${sessionId}/accept`, { token: cast.guru.token });
      await first.advance(30_000);

      const backupAt = first.clock.now();
      const atBackup = await moneyOf(first, cast, sessionId);
      expect(atBackup.session).toMatchObject({ status: 'active', summary: { secondsBilled: 30 } });
      expect(atBackup.books).toMatchObject({ ok: true, total: 0 });
      const response = await backupOf(first, cast.admin.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/gzip');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="jyotishconnect-.+\.tar\.gz"$/,
      );
      const archive = Buffer.from(await response.arrayBuffer());

      // Billing goes on after the backup, and the session ends: none of it is in the backup.
      await first.advance(30_000);
      await first.call('POST', `/api/consultations/${sessionId}/end`, { token: cast.asha.token });
      const later = await moneyOf(first, cast, sessionId);
      expect(later.session.status).toBe('ended');
      expect(later.asha.balance).toBeLessThan(atBackup.asha.balance);
      const audit = await first.call('GET', '/api/admin/audit', { token: cast.admin.token });
      expect(audit.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ actorId: cast.admin.id, action: 'backup' })]),
      );
      await first.close();
      hosts.splice(hosts.indexOf(first), 1);

      const backupFile = join(await folder(), 'backup.tar.gz');
      await writeFile(backupFile, archive);
      const restoredDir = join(await folder(), 'restored');
      const restore = await backupTool(['restore', '--in', backupFile, '--data-dir', restoredDir]);
      expect(restore).toMatchObject({ code: 0 });
      expect(restore.output).toContain(`start the host with DATA_DIR=${restoredDir}`);

      // The restored host starts at the moment of the backup, as if the first had stopped then: read at once.
      const second = await start({ ...env, DATA_DIR: restoredDir }, new ManualClock(backupAt));
      expect(await moneyOf(second, cast, sessionId)).toEqual(atBackup);
    },
    PGLITE_TEST_MS,
  );

  it(
    'only an admin may take a backup; users, consultants and anonymous callers are refused',
    async () => {
      const t = await start({
        ...(mode === 'production' ? productionSecrets() : {}),
        STORE: 'pglite',
        DATA_DIR: await folder(),
      });
      const cast = await castOf(t, { connected: false });
      const refusal = async (token?: string) => {
        const response = await backupOf(t, token);
        return { status: response.status, code: ((await response.json()) as Json).error.code };
      };
      expect(await refusal()).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      expect(await refusal(cast.asha.token)).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(await refusal(cast.guru.token)).toEqual({ status: 403, code: 'FORBIDDEN' });
      const audit = await t.call('GET', '/api/admin/audit', { token: cast.admin.token });
      expect(audit.body.filter((entry: Json) => entry.action === 'backup')).toEqual([]);
    },
    PGLITE_TEST_MS,
  );

  it('a host on another store answers BACKUP_UNSUPPORTED, not an empty file', async () => {
    const t = await start({});
    const cast = await castOf(t, { connected: false });
    const response = await backupOf(t, cast.admin.token);
    expect(response.status).toBe(409);
    expect(((await response.json()) as Json).error.code).toBe('BACKUP_UNSUPPORTED');
  });
});

describe('the backup tool', () => {
  const folders: string[] = [];
  afterEach(async () => {
    for (const made of folders.splice(0)) await rm(made, { recursive: true, force: true });
  });
  async function folder(): Promise<string> {
    const made = await mkdtemp(join(tmpdir(), 'jc-restore-'));
    folders.push(made);
    return made;
  }

  it('reads backup --out and restore --in, the folder from --data-dir, else DATA_DIR, relative to where pnpm ran', () => {
    const env = { DATA_DIR: '/srv/jc' };
    expect(parseBackupCommand(['backup', '--out', '/tmp/b.tar.gz'], env)).toEqual({
      command: 'backup',
      out: '/tmp/b.tar.gz',
      dataDir: '/srv/jc',
    });
    expect(parseBackupCommand(['restore', '--in', '/tmp/b.tar.gz', '--data-dir', '/srv/new'], env)).toEqual({
      command: 'restore',
      in: '/tmp/b.tar.gz',
      dataDir: '/srv/new',
    });
    expect(parseBackupCommand(['restore', '--in', 'b.tar.gz', '--data-dir', 'new'], { INIT_CWD: '/home/op' })).toEqual({
      command: 'restore',
      in: '/home/op/b.tar.gz',
      dataDir: '/home/op/new',
    });
    for (const wrong of [
      [],
      ['backup'],
      ['restore', '--out', 'x'],
      ['backup', '--out', 'x', 'y'],
      ['drop', '--in', 'x'],
    ]) {
      expect(parseBackupCommand(wrong, env)).toBeNull();
    }
  });

  it('prints its usage and exits 64 on a command line it does not know', async () => {
    const { code, output } = await backupTool(['restore']);
    expect(code).toBe(64);
    expect(output).toContain('restore --in FILE');
  });

  it('never restores over a folder that holds data, and leaves it as it was', async () => {
    const target = await folder();
    await writeFile(join(target, 'PG_VERSION'), '17\n');
    const code = await codeOf(restoreDataDir(target, new Blob([new Uint8Array([0x1f, 0x8b, 0])])));
    expect(code).toBe('RESTORE_TARGET_NOT_EMPTY');
    expect(await readdir(target)).toEqual(['PG_VERSION']);
  });

  it('refuses a file that is not a backup, and writes nothing', async () => {
    const target = join(await folder(), 'restored');
    expect(await codeOf(restoreDataDir(target, new Blob(['{"not":"a backup"}'])))).toBe('BACKUP_INVALID');
    await expect(readdir(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it(
    'refuses a damaged backup and leaves the folder empty',
    async () => {
      const target = await folder();
      const damaged = new Blob([new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3])]);
      expect(await codeOf(restoreDataDir(target, damaged))).toBe('BACKUP_INVALID');
      expect(await readdir(target)).toEqual([]);
    },
    PGLITE_TEST_MS,
  );

  it(
    'an offline backup of a stopped host restores it as it stopped',
    async () => {
      const env = { STORE: 'pglite', DATA_DIR: await folder(), ENGINE_ID: 'host-a' };
      const first = await startTestHost('demo', { env });
      let stopped: Json;
      let cast: Cast;
      try {
        cast = await castOf(first);
        const ended = await endedChat(first, cast, cast.guru, 90_000);
        expect(ended.status).toBe('ended');
        stopped = {
          asha: (await first.call('GET', '/api/wallet', { token: cast.asha.token })).body,
          guru: (await first.call('GET', '/api/wallet', { token: cast.guru.token })).body,
          ledger: (await first.call('GET', '/api/wallet/statement', { token: cast.asha.token })).body,
        };
      } finally {
        await first.close();
      }
      const file = join(await folder(), 'offline.tar.gz');
      expect(await backupTool(['backup', '--out', file, '--data-dir', env.DATA_DIR])).toMatchObject({ code: 0 });
      // Never over an existing file: it may be the only good backup.
      const again = await backupTool(['backup', '--out', file, '--data-dir', env.DATA_DIR]);
      expect(again.code).toBe(1);
      const restoredDir = join(await folder(), 'restored');
      expect(await backupTool(['restore', '--in', file, '--data-dir', restoredDir])).toMatchObject({ code: 0 });
      const second = await startTestHost('demo', { env: { ...env, DATA_DIR: restoredDir }, clock: first.clock });
      try {
        expect({
          asha: (await second.call('GET', '/api/wallet', { token: cast.asha.token })).body,
          guru: (await second.call('GET', '/api/wallet', { token: cast.guru.token })).body,
          ledger: (await second.call('GET', '/api/wallet/statement', { token: cast.asha.token })).body,
        }).toEqual(stopped);
        expect(await second.host.services.wallet.verify()).toMatchObject({ ok: true, total: 0 });
      } finally {
        await second.close();
      }
    },
    PGLITE_TEST_MS,
  );

  it('an offline backup of a folder with no database is refused, not an empty database', async () => {
    const empty = await folder();
    const out = join(await folder(), 'b.tar.gz');
    await mkdir(empty, { recursive: true });
    const code = await codeOf(runBackupCommand({ command: 'backup', out, dataDir: empty }));
    expect(code).toBe('NOT_FOUND');
    expect(await readdir(empty)).toEqual([]);
  });
});
