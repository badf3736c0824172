import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPGlite } from '../src/pglite.js';
import { type SqlExecutor, sqlState } from '../src/sql.js';

const PREPARED = { prepare: true } as const;

// One database for the file (PGlite takes seconds to start on a loaded machine); each test owns a schema.
const pglite = new PGlite();
const db = fromPGlite(pglite);
// A second database, closed by the last test.
const closing = new PGlite();
let schemas = 0;

// Started under the hook's timeout: a test's own timeout is for its statements.
beforeAll(() => Promise.all([pglite.waitReady, closing.waitReady]));
afterAll(() => pglite.close());

/** A fresh schema with the table the statements use; returns its quoted name. */
async function freshSchema(): Promise<string> {
  schemas += 1;
  const app = `prepared_${schemas}`;
  await pglite.exec(`
    CREATE SCHEMA ${app};
    CREATE TABLE ${app}.items (
      id text PRIMARY KEY, count integer NOT NULL, paise bigint NOT NULL, doc jsonb, tags text[],
      at timestamptz NOT NULL, note text, CHECK (paise >= 0))`);
  return app;
}

/** The statements a store runs, parameters typed only by their columns, as the adapters write them. */
function workload(app: string): ReadonlyArray<readonly [string, readonly unknown[]]> {
  const insert = `INSERT INTO ${app}.items (id, count, paise, doc, tags, at, note)
                  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`;
  return [
    [
      insert,
      [
        'a',
        1,
        9_007_199_254_740_991n,
        { lines: [1, 2], name: 'ज्योतिष' },
        ['x', 'y'],
        new Date('2026-01-02T03:04:05.678Z'),
        null,
      ],
    ],
    [insert, ['b', -7, 0, null, [], new Date('2026-06-30T23:59:59Z'), `it's "quoted"`]],
    [
      `UPDATE ${app}.items SET paise = paise - $2, count = count + 1 WHERE id = $1 AND paise >= $2 RETURNING paise, count`,
      ['a', 500],
    ],
    [`UPDATE ${app}.items SET paise = paise - $2 WHERE id = $1 AND paise >= $2 RETURNING paise`, ['b', 1]],
    [`SELECT * FROM ${app}.items WHERE id = ANY($1) ORDER BY id`, [['a', 'b', 'missing']]],
    [
      `SELECT count(*) AS n, sum(paise) AS total, max(at) AS latest, array_agg(id ORDER BY id) AS ids FROM ${app}.items`,
      [],
    ],
    [
      `SELECT doc -> 'lines' AS lines, doc ->> 'name' AS name, tags[1] AS first_tag FROM ${app}.items WHERE id = $1`,
      ['a'],
    ],
    [
      'SELECT $1::int AS n, $2::bigint AS big, $3::text AS t, $4::boolean AS flag, $5::jsonb AS j',
      [3, 12n, 'text', true, [1, { a: null }]],
    ],
    [`DELETE FROM ${app}.items WHERE id = $1`, ['b']],
  ];
}

/** The statements prepared on the database that mention `app`, with how often each ran. */
async function preparedIn(app: string) {
  const { rows } = await pglite.query<{ statement: string; runs: number }>(
    `SELECT statement, generic_plans + custom_plans AS runs FROM pg_prepared_statements
     WHERE name LIKE 'jc\\_%' AND strpos(statement, $1) > 0 ORDER BY statement`,
    [`${app}.`],
  );
  return rows.map((row) => ({ statement: row.statement, runs: Number(row.runs) }));
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('prepared statements on PGlite', () => {
  it('returns exactly what db.query returns, on its own and inside a transaction', async () => {
    for (const inTransaction of [false, true]) {
      const runAll = async (app: string, options?: typeof PREPARED) => {
        const each = async (executor: SqlExecutor) => {
          const results = [];
          for (const [text, params] of workload(app)) results.push((await executor.query(text, params, options)).rows);
          return results;
        };
        return inTransaction ? db.transaction(each) : each(db);
      };
      const plainApp = await freshSchema();
      const preparedApp = await freshSchema();
      const expected = await runAll(plainApp);
      const actual = await runAll(preparedApp, PREPARED);
      expect(actual).toStrictEqual(expected);
      expect(actual[4]).toHaveLength(2); // the comparison covered real rows
      expect(await preparedIn(plainApp)).toEqual([]);
      expect(await preparedIn(preparedApp)).toHaveLength(new Set(workload(preparedApp).map(([text]) => text)).size - 1);
    }
  });

  it('parses each statement text once and then only executes it', async () => {
    const app = await freshSchema();
    const text = `SELECT count(*) AS n FROM ${app}.items WHERE count > $1`;
    for (let run = 0; run < 7; run += 1) await db.query(text, [run], PREPARED);
    await db.transaction(async (tx) => {
      await tx.query(text, [0], PREPARED);
      await tx.query(text, [1], PREPARED);
    });
    // A second executor over the same database shares its prepared statements.
    await fromPGlite(pglite).query(text, [2], PREPARED);
    expect(await preparedIn(app)).toEqual([{ statement: text, runs: 10 }]);
  });

  it('keeps the SQLSTATE of a failed statement and stays usable', async () => {
    const app = await freshSchema();
    const insert = `INSERT INTO ${app}.items (id, count, paise, at) VALUES ($1, 0, $2, now())`;
    await db.query(insert, ['a', 1], PREPARED);
    const duplicate = await failureOf(db.query(insert, ['a', 1], PREPARED));
    expect(sqlState(duplicate)).toBe('23505');
    expect(duplicate).toMatchObject({ query: insert, params: ['a', 1] });
    expect(sqlState(await failureOf(db.query(insert, ['b', -1], PREPARED)))).toBe('23514');
    await db.query(insert, ['b', 2], PREPARED);
    const { rows } = await db.query(`SELECT id FROM ${app}.items ORDER BY id`, [], PREPARED);
    expect(rows).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('rolls back the whole transaction when one of its prepared statements fails', async () => {
    const app = await freshSchema();
    const insert = `INSERT INTO ${app}.items (id, count, paise, at) VALUES ($1, 0, $2, now())`;
    const failure = await failureOf(
      db.transaction(async (tx) => {
        await tx.query(insert, ['first', 1], PREPARED);
        await tx.query(insert, ['negative', -5], PREPARED);
      }),
    );
    expect(sqlState(failure)).toBe('23514');
    const afterAbort = await failureOf(
      db.transaction(async (tx) => {
        await tx.query(insert, ['first', 1], PREPARED);
        await tx.query('SELECT 1 / $1::int AS quotient', [0], PREPARED).catch(() => undefined);
        await tx.query(insert, ['after-error', 1], PREPARED);
      }),
    );
    expect(sqlState(afterAbort)).toBe('25P02');
    expect((await db.query(`SELECT id FROM ${app}.items`, [], PREPARED)).rows).toEqual([]);
  });

  it('does not keep a statement whose prepare failed', async () => {
    const app = await freshSchema();
    const text = `SELECT id FROM ${app}.later WHERE id = $1`;
    expect(sqlState(await failureOf(db.query(text, [1], PREPARED)))).toBe('42P01');
    expect(sqlState(await failureOf(db.query(`SELEC id FROM ${app}.items`, [], PREPARED)))).toBe('42601');
    expect(await preparedIn(app)).toEqual([]);
    await db.query(`CREATE TABLE ${app}.later (id int)`);
    await db.query(`INSERT INTO ${app}.later VALUES (1)`);
    expect((await db.query(text, [1], PREPARED)).rows).toEqual([{ id: 1 }]);
  });

  it('prepares again once when a migration changed the result columns', async () => {
    const app = await freshSchema();
    const text = `SELECT * FROM ${app}.items ORDER BY id`;
    await db.query(`INSERT INTO ${app}.items (id, count, paise, at) VALUES ('a', 0, 1, now())`);
    expect(Object.keys((await db.query(text, [], PREPARED)).rows[0] ?? {})).not.toContain('rating');
    await db.query(`ALTER TABLE ${app}.items ADD COLUMN rating int`);
    expect((await db.query(text, [], PREPARED)).rows[0]).toMatchObject({ id: 'a', rating: null });

    await db.query(`ALTER TABLE ${app}.items ADD COLUMN reviews int`);
    // Inside a transaction the stale statement fails as it would on PostgreSQL, and the transaction
    // rolls back; the next call prepares the statement afresh.
    const stale = await failureOf(
      db.transaction(async (tx) => {
        await tx.query(`UPDATE ${app}.items SET rating = 5 WHERE id = 'a'`);
        return await tx.query(text, [], PREPARED);
      }),
    );
    expect(sqlState(stale)).toBe('0A000');
    const rows = await db.transaction(async (tx) => (await tx.query(text, [], PREPARED)).rows);
    expect(rows).toEqual([expect.objectContaining({ id: 'a', rating: null, reviews: null })]);
  });

  it('never runs a statement inside another caller’s open transaction', async () => {
    const app = await freshSchema();
    const insert = `INSERT INTO ${app}.items (id, count, paise, at) VALUES ($1, 0, 1, now())`;
    let inserted!: () => void;
    const insertedInTransaction = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const rolledBack = failureOf(
      db.transaction(async (tx) => {
        await tx.query(insert, ['rolled-back'], PREPARED);
        inserted();
        await gate;
        throw new Error('abandon the transaction');
      }),
    );
    await insertedInTransaction;
    const outside = db.query(insert, ['outside'], PREPARED);
    // Give a statement that ignored the transaction's lock every chance to run inside it.
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await rolledBack).toBeInstanceOf(Error);
    await outside;
    expect((await db.query(`SELECT id FROM ${app}.items`, [], PREPARED)).rows).toEqual([{ id: 'outside' }]);
  });

  it('keeps working after a transaction that prepared a statement rolled back', async () => {
    const app = await freshSchema();
    const count = `SELECT count(*)::int AS n FROM ${app}.items`;
    const rollback = db.transaction(async (tx) => {
      await tx.query(count, [], PREPARED);
      throw new Error('roll back');
    });
    expect(await failureOf(rollback)).toBeInstanceOf(Error);
    expect((await db.query(count, [], PREPARED)).rows).toEqual([{ n: 0 }]);
    expect(await preparedIn(app)).toEqual([{ statement: count, runs: 2 }]);
  });

  it('runs every statement through query when the database offers only query and transaction', async () => {
    const app = await freshSchema();
    const minimal = fromPGlite({
      query: (text, params) => pglite.query(text, params),
      transaction: (callback) => pglite.transaction(callback),
    });
    const text = `SELECT count(*)::int AS n FROM ${app}.items WHERE id <> $1`;
    expect((await minimal.query(text, ['x'], PREPARED)).rows).toEqual([{ n: 0 }]);
    expect((await minimal.transaction((tx) => tx.query(text, ['y'], PREPARED))).rows).toEqual([{ n: 0 }]);
    expect(await preparedIn(app)).toEqual([]);
  });

  it('answers a closed database with PGlite’s own error', async () => {
    const closingDb = fromPGlite(closing);
    expect((await closingDb.query('SELECT 1 AS one', [], PREPARED)).rows).toEqual([{ one: 1 }]);
    await closing.close();
    await expect(closingDb.query('SELECT 1 AS one', [], PREPARED)).rejects.toThrow(/closed/);
  });
});
