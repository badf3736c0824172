import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, type SqlExecutor } from '@jyotishconnect/core';
import { migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSql, accountsSql } from '../src/adapters/postgres/sql/accounts.js';
import { walletTables } from '../src/adapters/postgres/tables.js';

// PGlite gathers statistics only when something analyzes it (it runs no autovacuum: until `maintainPGlite`
// first runs, it has none), and a server's lag a fast-growing table: the planner then guesses how many
// balance rows an account has. Account reads must find them by key anyway, or a read of a few accounts
// scans every balance row, as billing's getAccounts did on every tick.

const ACCOUNTS = 5_000;
const schema = 'plans';
const t = walletTables(schema);

/** The plan `EXPLAIN` gives `sql` with `params`, one line per node. */
async function planOf(db: SqlExecutor, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('account reads on PGlite, with no statistics', () => {
  let lite: PGlite;
  let db: SqlExecutor;
  beforeAll(async () => {
    lite = new PGlite();
    db = fromPGlite(lite);
    await migrateWalletStore(db, { schema });
    // Written directly: only the plan is under test, and the wallet API would take far longer.
    await db.query(`INSERT INTO ${t.accounts} (id, type, currency, frozen, shards, floored, created_at)
      SELECT 'user:' || n, 'user', 'INR', false, 1, true, 0 FROM generate_series(1, ${ACCOUNTS}) n`);
    await db.query(`INSERT INTO ${t.balances} (account_id, shard, amount, held, floored)
      SELECT 'user:' || n, 0, 100, 0, true FROM generate_series(1, ${ACCOUNTS}) n`);
  });
  afterAll(async () => {
    await lite.close();
  });

  it("getAccounts finds a few accounts' balance rows by key, not by scanning them all", async () => {
    const plan = await planOf(db, accountsSql(t), [['user:7', 'user:70', 'user:700'], 0]);
    expect(plan).toContain('jc_wallet_balances_pkey');
    expect(plan).not.toMatch(/Seq Scan on jc_wallet_balances/);
  });

  it("getAccount finds one account's balance rows by key", async () => {
    const plan = await planOf(db, accountSql(t), ['user:7', 0]);
    expect(plan).toContain('jc_wallet_balances_pkey');
    expect(plan).not.toMatch(/Seq Scan on jc_wallet_balances/);
  });
});
