import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { fromPGlite } from '../src/pglite.js';
import { migrate } from '../src/sql.js';

describe('migrate', () => {
  it('applies each migration once, however often it runs', async () => {
    const db = fromPGlite(new PGlite());
    const migrations = [
      { version: 1, statements: ['CREATE TABLE app.things (id int PRIMARY KEY)'] },
      { version: 2, statements: ['ALTER TABLE app.things ADD COLUMN name text'] },
    ];
    await migrate(db, { schema: 'app', component: 'things', migrations });
    await migrate(db, { schema: 'app', component: 'things', migrations });
    await Promise.all([1, 2, 3].map(() => migrate(db, { schema: 'app', component: 'things', migrations })));
    const { rows } = await db.query<{ version: number }>('SELECT version FROM app.jc_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual([1, 2]);
    await db.query("INSERT INTO app.things (id, name) VALUES (1, 'x')");
  });

  it('rolls a failed migration back entirely', async () => {
    const db = fromPGlite(new PGlite());
    const broken = [{ version: 1, statements: ['CREATE TABLE app.ok (id int)', 'CREATE TABLE app.ok (id int)'] }];
    await expect(migrate(db, { schema: 'app', component: 'broken', migrations: broken })).rejects.toThrow();
    const { rows } = await db.query("SELECT to_regclass('app.ok') AS table");
    expect(rows[0]).toEqual({ table: null });
  });
});
