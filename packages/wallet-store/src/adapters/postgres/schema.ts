import { type Migration, migrate, type SqlExecutor } from '@jyotishconnect/core';
import { applyFunctionSql } from './sql/batch.js';
import { captureFunctionSql, releaseFunctionSql } from './sql/capture.js';
import { commitFunctionSql } from './sql/commit.js';
import { commitManyFunctionSql } from './sql/commit-many.js';
import { placeHoldFunctionSql } from './sql/holds.js';
import { walletTables } from './tables.js';

function migrations(schema: string): Migration[] {
  const t = walletTables(schema);
  return [
    {
      version: 1,
      statements: [
        `CREATE TABLE ${t.accounts} (
           id text PRIMARY KEY, type text NOT NULL, currency text NOT NULL, frozen boolean NOT NULL DEFAULT false,
           shards integer NOT NULL, floored boolean NOT NULL, created_at bigint NOT NULL)`,
        // `floored` is copied from the account so the CHECK can backstop the guards in SQL.
        `CREATE TABLE ${t.balances} (
           account_id text NOT NULL, shard integer NOT NULL, amount bigint NOT NULL, held bigint NOT NULL,
           floored boolean NOT NULL, PRIMARY KEY (account_id, shard),
           CONSTRAINT jc_wallet_balances_floor CHECK (NOT floored OR amount - held >= 0))`,
        `CREATE TABLE ${t.transactions} (
           id text PRIMARY KEY, kind text NOT NULL, currency text NOT NULL, postings jsonb NOT NULL,
           metadata jsonb NOT NULL, hold_id text, refund_of text, created_at bigint NOT NULL, request jsonb NOT NULL,
           gross bigint NOT NULL, refunded bigint NOT NULL DEFAULT 0)`,
        `CREATE TABLE ${t.postings} (
           id bigserial PRIMARY KEY, transaction_id text NOT NULL, account_id text NOT NULL, amount bigint NOT NULL,
           balance_after bigint, created_at bigint NOT NULL)`,
        `CREATE INDEX jc_wallet_postings_account ON ${t.postings} (account_id, id)`,
        `CREATE TABLE ${t.holds} (
           id text PRIMARY KEY, account_id text NOT NULL, amount bigint NOT NULL, status text NOT NULL,
           captured_amount bigint NOT NULL, capture_transaction_id text, expires_at bigint NOT NULL,
           metadata jsonb NOT NULL, created_at bigint NOT NULL, request jsonb NOT NULL)`,
        `CREATE INDEX jc_wallet_holds_open_expiry ON ${t.holds} (expires_at) WHERE status = 'open'`,
        `CREATE INDEX jc_wallet_holds_open_account ON ${t.holds} (account_id) WHERE status = 'open'`,
        `CREATE FUNCTION ${t.reject}(code text, detail text) RETURNS integer LANGUAGE plpgsql AS $$
         BEGIN
           RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = code, DETAIL = detail;
         END $$`,
      ],
    },
    // Migration 2 installed the first commit function; 3 replaces it (expiry on touch, the balance
    // ceiling: new parameters, so the old signature is dropped) and adds the hold function. Both
    // create the current function, so a new database and an upgraded one end up the same.
    { version: 2, statements: [commitFunctionSql(t)] },
    {
      version: 3,
      statements: [
        `DROP FUNCTION IF EXISTS ${t.commit}(text, text[], bigint[], text, jsonb, jsonb, text, text, bigint, jsonb,
           bigint, integer, text, bigint, text[], bigint[], bigint[])`,
        commitFunctionSql(t),
        placeHoldFunctionSql(t),
      ],
    },
    // Refund reports read only refunds, a small part of the transactions: a partial index finds them.
    {
      version: 4,
      statements: [
        `CREATE INDEX IF NOT EXISTS jc_wallet_transactions_refunds ON ${t.transactions} (created_at) WHERE kind = 'refund'`,
      ],
    },
    // Batches: the capture and release as functions of their own, one write through the same functions
    // as its one-by-one statement, and the batch. Migration 5 ran each write of a batch in a subtransaction;
    // 6 decides plain movements in memory and writes them together; 7 decides captures and hold placements
    // in memory too; 8 keeps its lookups on the indexes however small the tables were when it was planned;
    // 9 probes the accounts of its legs and placements one by one instead of walking the accounts index;
    // 10 builds a capture's legs without sorting them; 11 locks of a sharded account only the shards the
    // batch's writes land on; 12 answers a new capture with its postings instead of its stored row; 13 decides in
    // memory the writes on accounts whose holds lapsed, refused captures, releases and voids; 14 finds the
    // expired holds by a probe per locked row, not a join whose cost grew with the square of the batch. Each
    // creates the current function.
    {
      version: 5,
      statements: [captureFunctionSql(t), releaseFunctionSql(t), applyFunctionSql(t), commitManyFunctionSql(t)],
    },
    { version: 6, statements: [commitManyFunctionSql(t)] },
    { version: 7, statements: [commitManyFunctionSql(t)] },
    { version: 8, statements: [commitManyFunctionSql(t)] },
    { version: 9, statements: [commitManyFunctionSql(t)] },
    { version: 10, statements: [commitManyFunctionSql(t)] },
    { version: 11, statements: [commitManyFunctionSql(t)] },
    { version: 12, statements: [commitManyFunctionSql(t)] },
    { version: 13, statements: [commitManyFunctionSql(t)] },
    { version: 14, statements: [commitManyFunctionSql(t)] },
    {
      version: 15,
      // No query filters or joins on the JSON columns, so their statistics never shaped a plan, yet sampling
      // them (sorting thousands of JSON documents) was most of each ANALYZE of the ledger, which autovacuum
      // runs every time a tenth of a table changed, and on PGlite nothing else runs meanwhile. A report's
      // `metadata ->> key` is an expression the column's statistics do not describe anyway.
      statements: [
        `ALTER TABLE ${t.transactions} ALTER COLUMN postings SET STATISTICS 0,
           ALTER COLUMN metadata SET STATISTICS 0, ALTER COLUMN request SET STATISTICS 0`,
        `ALTER TABLE ${t.holds} ALTER COLUMN metadata SET STATISTICS 0, ALTER COLUMN request SET STATISTICS 0`,
      ],
    },
  ];
}

/**
 * Creates or upgrades the wallet-store tables in `schema` (default `public`).
 * Idempotent, and safe when several processes start at once.
 *
 * @example
 * ```ts
 * await migrateWalletStore(fromPg(new pg.Pool({ connectionString })));
 * ```
 */
export async function migrateWalletStore(db: SqlExecutor, options: { schema?: string } = {}): Promise<void> {
  const schema = options.schema ?? 'public';
  await migrate(db, { schema, component: 'wallet-store', migrations: migrations(schema) });
}
