import { randomUUID } from 'node:crypto';
import { createPostgresBillingStore, migrateBillingStore } from '@jyotishconnect/billing-engine/postgres';
import { fromPg, ManualClock, quoteIdent } from '@jyotishconnect/core';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, inject, it } from 'vitest';
import { type SimulationWorld, simulate } from './support/simulation.js';

const postgresUrl = inject('postgresUrl');

describe.skipIf(!postgresUrl)('randomized simulation on the PostgreSQL server', () => {
  const admin = new pg.Pool({ connectionString: postgresUrl ?? undefined, max: 2 });
  afterAll(async () => {
    await admin.end();
  });

  /** Wallet and billing tables in a fresh schema; each engine gets its own connections. */
  async function postgresWorld(): Promise<SimulationWorld & { drop(): Promise<void> }> {
    const schema = `billing_sim_${randomUUID().replaceAll('-', '')}`;
    const adminDb = fromPg(admin);
    await migrateWalletStore(adminDb, { schema });
    await migrateBillingStore(adminDb, { schema });
    const clock = new ManualClock();
    // Every engine (and every restart) gets its own pool; all of them close with the run.
    const pools: pg.Pool[] = [];
    const connect = () => {
      const pool = new pg.Pool({ connectionString: postgresUrl ?? undefined, max: 4 });
      pools.push(pool);
      return fromPg(pool);
    };
    const wallet = createWallet({ store: createPostgresWalletStore({ db: connect(), schema }), clock });
    await wallet.openSystemAccounts();
    return {
      clock,
      wallet,
      walletForEngine: async () => createWallet({ store: createPostgresWalletStore({ db: connect(), schema }), clock }),
      storeForEngine: async () => createPostgresBillingStore({ db: connect(), schema }),
      drop: async () => {
        await Promise.all(pools.map((pool) => pool.end()));
        await admin.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      },
    };
  }

  it('two engines in separate connections, racing actions: every invariant holds and billed time equals active time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const world = await postgresWorld();
        await simulate(world, { seed, users: 8, consultants: 3, steps: 100, crashes: false });
        await world.drop();
      }),
      { numRuns: 3 },
    );
  }, 300_000);

  it('with engines crashing mid-flight and restarting or being taken over: every invariant holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const world = await postgresWorld();
        await simulate(world, { seed, users: 8, consultants: 3, steps: 120, crashes: true });
        await world.drop();
      }),
      { numRuns: 3 },
    );
  }, 300_000);
});
