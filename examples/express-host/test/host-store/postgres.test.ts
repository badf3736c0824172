import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, fromPg, migrate, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresHostStore, migratePostgresHostStore } from '../../src/host-store/adapters/postgres/index.js';
import { anAuditEntry, aUser, hostStoreContract, T0 } from '../../src/host-store/testing/index.js';

/** A migrated store in a schema of its own, dropped by `close`. */
async function storeInFreshSchema(db: SqlExecutor) {
  const schema = `host_${randomUUID().replaceAll('-', '')}`;
  await migratePostgresHostStore(db, { schema });
  return {
    schema,
    store: createPostgresHostStore({ db, schema }),
    close: async () => void (await db.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`)),
  };
}

/**
 * The tables as the host's first release created them (its migration 1), and
 * a few rows written by it: what an existing `.data/` folder holds.
 */
async function firstReleaseDatabase(db: SqlExecutor, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await migrate(db, {
    schema,
    component: 'express-host',
    migrations: [
      {
        version: 1,
        statements: [
          `CREATE TABLE ${s}.users (id text PRIMARY KEY, name text NOT NULL, email text NOT NULL, role text NOT NULL,
             password_hash text NOT NULL, frozen boolean NOT NULL DEFAULT false, created_at bigint NOT NULL)`,
          `CREATE UNIQUE INDEX users_email ON ${s}.users (lower(email))`,
          `CREATE TABLE ${s}.profiles (consultant_id text PRIMARY KEY, bio text NOT NULL, specialities jsonb NOT NULL,
             languages jsonb NOT NULL, rates jsonb NOT NULL, online boolean NOT NULL)`,
          `CREATE TABLE ${s}.sessions (id text PRIMARY KEY, user_id text NOT NULL, consultant_id text NOT NULL,
             requested_at bigint NOT NULL)`,
          `CREATE INDEX sessions_user ON ${s}.sessions (user_id, requested_at DESC)`,
          `CREATE INDEX sessions_consultant ON ${s}.sessions (consultant_id, requested_at DESC)`,
          `CREATE TABLE ${s}.orders (id text PRIMARY KEY, user_id text NOT NULL, amount bigint NOT NULL,
             status text NOT NULL, event_id text, created_at bigint NOT NULL)`,
          `CREATE TABLE ${s}.payouts (id text PRIMARY KEY, consultant_id text NOT NULL, amount bigint NOT NULL,
             status text NOT NULL, created_at bigint NOT NULL)`,
          `CREATE TABLE ${s}.ratings (id text PRIMARY KEY, session_id text NOT NULL UNIQUE, user_id text NOT NULL,
             consultant_id text NOT NULL, stars integer NOT NULL CHECK (stars BETWEEN 1 AND 5), review text,
             hidden boolean NOT NULL DEFAULT false, created_at bigint NOT NULL)`,
          `CREATE TABLE ${s}.auto_recharge (user_id text PRIMARY KEY, threshold bigint NOT NULL, amount bigint NOT NULL)`,
          `CREATE TABLE ${s}.audit (id text PRIMARY KEY, actor_id text NOT NULL, action text NOT NULL,
             target text NOT NULL, details jsonb NOT NULL, created_at bigint NOT NULL)`,
          `CREATE INDEX audit_created ON ${s}.audit (created_at DESC)`,
        ],
      },
    ],
  });
  await db.query(
    `INSERT INTO ${s}.users (id, name, email, role, password_hash, frozen, created_at)
     VALUES ('user:asha', 'Asha Rao', 'asha@example.com', 'user', 'scrypt$16384$8$1$salt$hash', false, $1)`,
    [T0],
  );
  await db.query(
    `INSERT INTO ${s}.audit (id, actor_id, action, target, details, created_at)
     VALUES ('audit:old', 'admin:root', 'freeze', 'user:asha', '{}', $1)`,
    [T0],
  );
  await db.query(`INSERT INTO ${s}.auto_recharge (user_id, threshold, amount) VALUES ('user:asha', 5000, 10000)`);
  await db.query(
    `INSERT INTO ${s}.profiles (consultant_id, bio, specialities, languages, rates, online)
     VALUES ('consultant:guru', 'Vedic astrologer', '[]', '[]', '{"chat":1000}', true)`,
  );
  await db.query(
    `INSERT INTO ${s}.orders (id, user_id, amount, status, event_id, created_at)
     VALUES ('order_old', 'user:asha', 20000, 'paid', 'evt_old', $1)`,
    [T0],
  );
}

/** Cases for the SQL adapter itself, beyond the contract. */
function sqlAdapterCases(db: () => SqlExecutor): void {
  it('migrating twice changes nothing', async () => {
    const { schema, close } = await storeInFreshSchema(db());
    await migratePostgresHostStore(db(), { schema });
    const { rows } = await db().query<{ version: number }>(
      `SELECT version FROM ${quoteIdent(schema)}.jc_migrations WHERE component = 'express-host' ORDER BY version`,
    );
    expect(rows.map((row) => Number(row.version))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await close();
  });

  it("a first release's database opens: its rows read back, its audit log goes on in order, its old tables stay", async () => {
    const schema = `host_${randomUUID().replaceAll('-', '')}`;
    await firstReleaseDatabase(db(), schema);
    await migratePostgresHostStore(db(), { schema });
    const store = createPostgresHostStore({ db: db(), schema });
    expect(await store.accounts.byEmail('ASHA@example.com')).toEqual(aUser());
    await store.audit.append(anAuditEntry({ id: 'audit:new', action: 'unfreeze' }));
    expect((await store.audit.latest(10)).map((entry) => entry.id)).toEqual(['audit:new', 'audit:old']);
    // Its auto-recharge setting has no saved method, so it charges nothing until one is saved; it stays on (migration 9).
    expect(await store.autoRecharge.settingOf('user:asha')).toEqual({
      userId: 'user:asha',
      threshold: 5_000,
      amount: 10_000,
      method: null,
      enabled: true,
    });
    // Its consultants have no payout account until they set one (migration 4).
    const guru = await store.directory.profileOf('consultant:guru');
    expect(guru).toMatchObject({ consultantId: 'consultant:guru', rates: { chat: 1_000 }, online: true });
    expect(guru).not.toHaveProperty('payoutAccount');
    expect(await store.directory.setPayoutAccount('consultant:guru', 'fa_00000000000042')).toMatchObject({
      payoutAccount: 'fa_00000000000042',
    });
    // Its consultants were serving before onboarding: they stay approved, with an empty profile (migration 6).
    expect(guru).toMatchObject({
      status: 'approved',
      statusReason: null,
      experienceYears: 0,
      photoUrl: null,
      timeZone: 'Asia/Kolkata',
      schedule: [],
    });
    expect((await store.directory.listByStatus('approved', 10)).map((p) => p.consultantId)).toEqual([
      'consultant:guru',
    ]);
    // Its orders table (the payments package keeps orders now) stays as it was, untouched.
    const { rows } = await db().query<{ id: string; status: string }>(
      `SELECT id, status FROM ${quoteIdent(schema)}.orders`,
    );
    expect(rows).toEqual([{ id: 'order_old', status: 'paid' }]);
    await db().query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
  });
}

describe('postgres (PGlite)', () => {
  const pglite = new PGlite();
  const db = fromPGlite(pglite);
  afterAll(() => pglite.close());

  hostStoreContract('postgres (PGlite)', () => storeInFreshSchema(db));
  sqlAdapterCases(() => db);
});

describeWithPostgres('postgres (server)', (postgresUrl) => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: postgresUrl, max: 10 });
  });
  afterAll(() => pool.end());

  hostStoreContract('postgres (server)', () => storeInFreshSchema(fromPg(pool)));
  sqlAdapterCases(() => fromPg(pool));
});
