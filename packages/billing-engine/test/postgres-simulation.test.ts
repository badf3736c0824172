import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresBillingStore, migrateBillingStore } from '@jyotishconnect/billing-engine/postgres';
import { type SimulationWorld, simulateConsultations } from '@jyotishconnect/billing-engine/testing';
import { fromPGlite, fromPg, ManualClock, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { describeWithPostgres } from '@jyotishconnect/core/testing/suites';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, simulationPlan } from './simulation-plan.js';

// A seed is a few hundred audited steps against a real database: on a loaded 2-core machine it can take
// well over the default minute, so each has its own generous limit (a hang still fails).
const SEED_TIMEOUT_MS = 300_000;

// Every seed runs with each call on its own and with group commit (small batches, so rounds split too).
const GROUP_COMMIT_MODES = [false, { maxBatch: 4, maxDelayMs: 0, maxInFlight: 1 }] as const;
const modeName = (mode: (typeof GROUP_COMMIT_MODES)[number]) => (mode ? 'group commit' : 'one by one');

/** A schema name no other run, of this file or another, will take. */
const freshSchema = () => `billing_sim_${randomUUID().replaceAll('-', '')}`;

/** Wallet and billing tables in `schema`, created; `connect` gives each process its own connections. */
async function sqlWorld(admin: SqlExecutor, connect: () => SqlExecutor, schema: string): Promise<SimulationWorld> {
  await migrateWalletStore(admin, { schema });
  await migrateBillingStore(admin, { schema });
  const clock = new ManualClock();
  const wallet = createWallet({ store: createPostgresWalletStore({ db: connect(), schema }), clock });
  await wallet.openSystemAccounts();
  return {
    clock,
    wallet,
    walletForEngine: async () => createWallet({ store: createPostgresWalletStore({ db: connect(), schema }), clock }),
    storeForEngine: async () => createPostgresBillingStore({ db: connect(), schema }),
  };
}

describe('randomized simulation on PGlite, audited after every step', () => {
  const pglite = new PGlite();
  const db = fromPGlite(pglite);
  // The embedded database starts (WebAssembly compile, initdb) before the first seed, not inside its time.
  beforeAll(() => pglite.waitReady);
  afterAll(() => pglite.close());
  const plan = simulationPlan({ seeds: [7, 19, 31], steps: 150 });

  for (const seed of plan.seeds) {
    for (const groupCommit of GROUP_COMMIT_MODES) {
      it(
        `seed ${seed} × ${plan.steps} steps: two engines on one embedded database, ${modeName(groupCommit)}`,
        async () => {
          const world = await sqlWorld(db, () => db, freshSchema());
          const report = await simulateConsultations(world, { seed, steps: plan.steps, groupCommit });
          expect(report.problems, failureOf(report)).toEqual([]);
        },
        SEED_TIMEOUT_MS,
      );
    }
  }
});

describeWithPostgres('randomized simulation on the PostgreSQL server, audited after every step', (postgresUrl) => {
  const admin = new pg.Pool({ connectionString: postgresUrl, max: 2 });
  // Every process (and every restart) gets its own pool, as separate host processes would.
  const pools: pg.Pool[] = [];
  const connect = () => {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 4 });
    pools.push(pool);
    return fromPg(pool);
  };
  // Only this run's schemas are dropped: another run of this file against the same database (a loop over seeds
  // beside the suite) keeps its own.
  const schemas: string[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    for (const name of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
    await admin.end();
  });
  const plan = simulationPlan({ seeds: [5, 13, 29, 43], steps: 200 });

  for (const seed of plan.seeds) {
    for (const groupCommit of GROUP_COMMIT_MODES) {
      it(
        `seed ${seed} × ${plan.steps} steps: two engines in separate connections, ${modeName(groupCommit)}`,
        async () => {
          const schema = freshSchema();
          schemas.push(schema);
          const world = await sqlWorld(fromPg(admin), connect, schema);
          const report = await simulateConsultations(world, { seed, steps: plan.steps, groupCommit });
          expect(report.problems, failureOf(report)).toEqual([]);
        },
        SEED_TIMEOUT_MS,
      );
    }
  }
});
