import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJyotishError } from '../src/errors.js';
import { fromPGlite } from '../src/pglite.js';
import { openPGliteWorker, type PGliteWorker } from '../src/pglite-worker.js';
import { WorkerChannel } from '../src/pglite-worker-channel.js';
import { type SqlExecutor, sqlState } from '../src/sql.js';

const PREPARED = { prepare: true } as const;

// One database on a worker for the file (PGlite takes seconds to start on a loaded machine); each test owns a table.
let pglite: PGliteWorker;
// The same PGlite in-process, to compare against: what crosses the thread must not change a value or an error.
const reference = new PGlite();
const inProcess = fromPGlite(reference);
let tables = 0;
beforeAll(async () => {
  pglite = await openPGliteWorker();
  await reference.waitReady;
});
afterAll(() => Promise.all([pglite?.close(), reference.close()]));

/** Runs the same statements on the worker's database and on the reference one. */
function onBoth<T>(statements: (db: SqlExecutor) => Promise<T>): Promise<[viaWorker: T, inProcess: T]> {
  return Promise.all([statements(pglite.executor), statements(inProcess)]);
}

/** A fresh table on both databases; returns its name. */
async function freshTable(): Promise<string> {
  tables += 1;
  const name = `worker_items_${tables}`;
  await onBoth((db) => db.query(`CREATE TABLE ${name} (id text PRIMARY KEY, n bigint NOT NULL, at timestamptz)`));
  return name;
}

/** What a database error carries that the adapters read. */
function databaseFields(error: unknown) {
  const { name, message, code, detail, constraint, table, schema, severity, query, params } = error as Record<
    string,
    unknown
  >;
  return { name, message, code, detail, constraint, table, schema, severity, query, params };
}

describe('PGlite on a worker thread', () => {
  it('runs plain and prepared statements, with values as PGlite returns them', async () => {
    const table = await freshTable();
    const at = new Date('2026-01-02T03:04:05.678Z');
    const insert = `INSERT INTO ${table} (id, n, at) VALUES ($1, $2, $3) RETURNING *`;
    const [rows, expected] = await onBoth(async (db) => {
      await db.query(insert, ['a', 9_007_199_254_740_991n, at], PREPARED);
      await db.query(insert, ['b', 7, null]);
      const { rows } = await db.query(
        `SELECT id, n, at, $2::jsonb AS doc, $3::bytea AS bytes FROM ${table} WHERE id = ANY($1) ORDER BY id`,
        [['a', 'b'], { lines: [1, 2], name: 'ज्योतिष' }, new Uint8Array([1, 2, 255])],
        PREPARED,
      );
      return rows;
    });
    expect(rows).toEqual(expected);
    expect(rows[0]).toMatchObject({ id: 'a', at, doc: { lines: [1, 2], name: 'ज्योतिष' } });
    expect(rows[0]?.bytes).toBeInstanceOf(Uint8Array);
  });

  it('a transaction commits every statement of its work, and returns what the work returned', async () => {
    const table = await freshTable();
    const result = await pglite.executor.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id, n) VALUES ('a', 1)`);
      // Nested work joins the transaction.
      await tx.transaction((inner) => inner.query(`INSERT INTO ${table} (id, n) VALUES ('b', 2)`, [], PREPARED));
      return 'done';
    });
    expect(result).toBe('done');
    const { rows } = await pglite.executor.query(`SELECT id FROM ${table} ORDER BY id`);
    expect(rows).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it("a transaction whose work throws writes nothing and rethrows the work's error", async () => {
    const table = await freshTable();
    const failure = new Error('the work failed');
    const outcome = pglite.executor.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id, n) VALUES ('a', 1)`, [], PREPARED);
      throw failure;
    });
    await expect(outcome).rejects.toBe(failure);
    const { rows } = await pglite.executor.query(`SELECT id FROM ${table}`);
    expect(rows).toEqual([]);
  });

  it('two transactions started together run one after the other, never interleaved', async () => {
    const table = await freshTable();
    await pglite.executor.query(`INSERT INTO ${table} (id, n) VALUES ('counter', 0)`);
    const increment = () =>
      pglite.executor.transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>(`SELECT n FROM ${table} WHERE id = 'counter'`);
        // A statement from outside sent meanwhile must wait for this transaction, not land inside it.
        await tx.query(`UPDATE ${table} SET n = $1 WHERE id = 'counter'`, [Number(rows[0]?.n) + 1]);
      });
    const outside = pglite.executor.query(`UPDATE ${table} SET n = n + 10 WHERE id = 'counter'`);
    await Promise.all([increment(), increment(), outside]);
    const { rows } = await pglite.executor.query<{ n: number }>(`SELECT n FROM ${table} WHERE id = 'counter'`);
    expect(rows[0]?.n).toBe(12);
  });

  it('a database error arrives with the fields the driver gave it (SQLSTATE 23505 for a duplicate key)', async () => {
    const table = await freshTable();
    const insert = `INSERT INTO ${table} (id, n) VALUES ($1, $2)`;
    const [viaWorker, local] = await onBoth(async (db) => {
      await db.query(insert, ['a', 1], PREPARED);
      return await db.query(insert, ['a', 2], PREPARED).catch((error: unknown) => error);
    });
    expect(viaWorker).toBeInstanceOf(Error);
    expect(sqlState(viaWorker)).toBe('23505');
    expect(databaseFields(viaWorker)).toEqual(databaseFields(local));
    expect(databaseFields(viaWorker)).toMatchObject({ constraint: `${table}_pkey`, query: insert, params: ['a', 2] });
  });

  it('an error inside a transaction reaches the work, and the transaction then rolls back', async () => {
    const table = await freshTable();
    const outcome = pglite.executor.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id, n) VALUES ('a', 1)`);
      await tx.query(`INSERT INTO ${table} (id, n) VALUES ('a', 2)`);
    });
    await expect(outcome).rejects.toMatchObject({ code: '23505' });
    expect((await pglite.executor.query(`SELECT id FROM ${table}`)).rows).toEqual([]);
  });

  it('dumps the data folder as a gzipped tar archive taken between transactions, never inside one', async () => {
    const table = await freshTable();
    let begun: () => void = () => undefined;
    const hasBegun = new Promise<void>((resolve) => {
      begun = resolve;
    });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writing = pglite.executor.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id, n) VALUES ('a', 1)`);
      begun();
      await released;
      await tx.query(`INSERT INTO ${table} (id, n) VALUES ('b', 2)`);
    });
    await hasBegun;
    // Asked for while the transaction is open: the copy must wait for its commit, not catch it half written.
    const dumping = pglite.dumpDataDir();
    release();
    const [archive] = await Promise.all([dumping, writing]);

    const head = new Uint8Array(await archive.slice(0, 2).arrayBuffer());
    expect([...head]).toEqual([0x1f, 0x8b]);
    const restored = await PGlite.create({ loadDataDir: archive });
    try {
      expect((await restored.query(`SELECT id FROM ${table} ORDER BY id`)).rows).toEqual([{ id: 'a' }, { id: 'b' }]);
    } finally {
      await restored.close();
    }
  });
});

describe('PGlite on a worker thread, opened and closed', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jc-pglite-worker-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps its data across a close and a reopen on the same folder, and refuses calls once closed', async () => {
    const first = await openPGliteWorker(dataDir);
    await first.executor.query('CREATE TABLE kept (id text PRIMARY KEY)');
    await first.executor.transaction((tx) => tx.query(`INSERT INTO kept VALUES ('a')`));
    await first.close();
    await first.close(); // a second close is a no-op

    const afterClose = await first.executor.query('SELECT 1').catch((error: unknown) => error);
    expect(isJyotishError(afterClose, 'PGLITE_WORKER_CLOSED')).toBe(true);
    await expect(first.dumpDataDir()).rejects.toMatchObject({ code: 'PGLITE_WORKER_CLOSED' });

    const second = await openPGliteWorker(dataDir);
    try {
      expect((await second.executor.query('SELECT id FROM kept')).rows).toEqual([{ id: 'a' }]);
    } finally {
      await second.close();
    }
  });

  it('closes while a transaction is still open, rolling it back: nothing of it is kept', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'jc-pglite-worker-open-tx-'));
    try {
      const first = await openPGliteWorker(folder);
      await first.executor.query('CREATE TABLE pending (id text PRIMARY KEY)');
      let inside: () => void = () => undefined;
      const written = new Promise<void>((resolve) => {
        inside = resolve;
      });
      // The work writes, then waits for something that never comes, as a host shutting down mid-tick would.
      const stuck = first.executor
        .transaction(async (tx) => {
          await tx.query(`INSERT INTO pending VALUES ('half')`);
          inside();
          await new Promise(() => undefined);
        })
        .catch(() => undefined);
      await written;
      await first.close();
      void stuck;

      const second = await openPGliteWorker(folder);
      try {
        expect((await second.executor.query('SELECT id FROM pending')).rows).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a data folder that cannot be opened fails the open with the reason', async () => {
    const notAFolder = join(dataDir, 'a-file');
    writeFileSync(notAFolder, 'not a database');
    const failure = await openPGliteWorker(notAFolder).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'PGLITE_WORKER_OPEN_FAILED', message: expect.stringContaining(notAFolder) });
    // PGlite's file system throws a plain object, not an Error: it still arrives with its fields.
    expect((failure as Error).cause).toMatchObject({ name: 'ErrnoError', errno: expect.any(Number) });
  });
});

describe('the channel to a PGlite worker thread', () => {
  it('fails the calls waiting on a thread that dies, and every later call at once', async () => {
    // A stand-in thread: says it is open, then exits on the first request without answering.
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.postMessage({ id: 0, ok: true });
       parentPort.on('message', () => process.exit(3));`,
      { eval: true },
    );
    const channel = new WorkerChannel(worker);
    await channel.opened();
    const waiting = channel.request({ type: 'query', text: 'SELECT 1', params: [], prepare: false });
    await expect(waiting).rejects.toMatchObject({
      code: 'PGLITE_WORKER_EXITED',
      message: expect.stringContaining('code 3'),
    });
    await expect(channel.request({ type: 'dump' })).rejects.toMatchObject({ code: 'PGLITE_WORKER_EXITED' });
    await channel.terminate(); // already gone: returns at once
  });

  it('refuses a parameter that cannot cross threads without sending anything', async () => {
    await expect(pglite.executor.query('SELECT $1::text', [() => 'a function'])).rejects.toThrow(/could not be cloned/);
    expect((await pglite.executor.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
