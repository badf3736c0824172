import { mkdirSync } from 'node:fs';
import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { createPostgresBillingStore, migrateBillingStore } from '@jyotishconnect/billing-engine/postgres';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { createPostgresChatStore, migrateChatStore } from '@jyotishconnect/chat-core/postgres';
import { fromPg, type SqlExecutor, schedulePGliteMaintenance } from '@jyotishconnect/core';
import { createMemoryPaymentStore, createMemoryPayoutStore } from '@jyotishconnect/payments/memory';
import {
  createPostgresPaymentStore,
  createPostgresPayoutStore,
  migratePaymentStore,
} from '@jyotishconnect/payments/postgres';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { createPostgresWalletStore, migrateWalletStore } from '@jyotishconnect/wallet-store/postgres';
import type { HostConfig } from './config.js';
import { createMemoryHostStore } from './host-store/adapters/memory/index.js';
import { createPostgresHostStore, migratePostgresHostStore } from './host-store/adapters/postgres/index.js';
import type { Stores } from './stores-port.js';

/** Opens the configured backend and runs every package's idempotent migration. */
export async function openStores(config: HostConfig): Promise<Stores> {
  switch (config.store) {
    case 'memory':
      return memoryStores();
    case 'pglite':
      return await pgliteStores(config.dataDir);
    case 'postgres':
      return await postgresStores(config.databaseUrl ?? '');
    case 'mongodb': {
      const { mongoStores } = await import('./stores-mongodb.js');
      return await mongoStores(config.mongoUri ?? '', config.mongoDb);
    }
  }
}

function memoryStores(): Stores {
  return {
    kind: 'memory',
    location: 'process memory',
    wallet: createMemoryWalletStore(),
    billing: createMemoryBillingStore(),
    chat: createMemoryChatStore(),
    payments: createMemoryPaymentStore(),
    payouts: createMemoryPayoutStore(),
    host: createMemoryHostStore(),
    ping: async () => {},
    close: async () => {},
  };
}

/** Every package on one SQL executor, each in its own schema. */
async function sqlStores(
  kind: 'pglite' | 'postgres',
  location: string,
  db: SqlExecutor,
  close: () => Promise<void>,
): Promise<Stores> {
  await migrateWalletStore(db, { schema: 'wallet' });
  await migrateBillingStore(db, { schema: 'billing' });
  await migrateChatStore(db, { schema: 'chat' });
  await migratePaymentStore(db, { schema: 'payments' });
  await migratePostgresHostStore(db, { schema: 'host' });
  return {
    kind,
    location,
    wallet: createPostgresWalletStore({ db, schema: 'wallet' }),
    billing: createPostgresBillingStore({ db, schema: 'billing' }),
    chat: createPostgresChatStore({ db, schema: 'chat' }),
    payments: createPostgresPaymentStore({ db, schema: 'payments' }),
    payouts: createPostgresPayoutStore({ db, schema: 'payments' }),
    host: createPostgresHostStore({ db, schema: 'host' }),
    ping: async () => {
      await db.query('SELECT 1');
    },
    close,
  };
}

// PGlite on a worker thread: its statements run on a second core, not between the host's HTTP, WebSocket
// and billing work on this one.
async function pgliteStores(dataDir: string): Promise<Stores> {
  mkdirSync(dataDir, { recursive: true });
  const { openPGliteWorker } = await import('@jyotishconnect/core/pglite-worker');
  const pglite = await openPGliteWorker(dataDir);
  try {
    const stores = await sqlStores('pglite', `PGlite data folder ${dataDir}`, pglite.executor, () => pglite.close());
    return {
      ...stores,
      dumpData: () => pglite.dumpDataDir(),
      scheduleMaintenance: (schedule) => schedulePGliteMaintenance(pglite.executor, schedule),
    };
  } catch (error) {
    await pglite.close();
    throw error;
  }
}

async function postgresStores(url: string): Promise<Stores> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined); // an idle client's error; the next query reports it
  const safe = new URL(url);
  safe.password = safe.password ? '***' : '';
  return await sqlStores('postgres', `PostgreSQL ${safe.toString()}`, fromPg(pool), () => pool.end());
}
