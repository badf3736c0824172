import { createMongoBillingStore } from '@jyotishconnect/billing-engine/mongodb';
import { createMongoChatStore } from '@jyotishconnect/chat-core/mongodb';
import {
  createMongoPaymentStore,
  createMongoPayoutStore,
  migratePaymentCollections,
} from '@jyotishconnect/payments/mongodb';
import { createMongoWalletStore } from '@jyotishconnect/wallet-store/mongodb';
import { type Db, MongoClient, MongoError, MongoInvalidArgumentError } from 'mongodb';
import { ConfigError } from './config.js';
import { createMongoHostStore, migrateMongoHostStore } from './host-store/adapters/mongodb/index.js';
import type { Stores } from './stores-port.js';

/**
 * MongoDB for every store, each package in its own collections (`jc_wallet_*`,
 * `jc_billing_*`, `jc_chat_*`, `jc_payment_*`, `jc_host_*`) of database `dbName`. Needs a
 * replica set or sharded cluster: wallet, billing and chat writes are
 * multi-document transactions. Creates every collection and index (idempotent).
 */
export async function mongoStores(uri: string, dbName: string): Promise<Stores> {
  let client: MongoClient;
  try {
    client = new MongoClient(uri, { appName: 'jyotishconnect-express-host' });
  } catch (error) {
    // The constructor only parses: whatever it rejects is the URI (scheme, hosts, port, options).
    if (error instanceof MongoError) throw new ConfigError('MONGODB_URI', error.message);
    throw error;
  }
  let db: Db;
  try {
    db = client.db(dbName);
  } catch (error) {
    await client.close();
    if (error instanceof MongoInvalidArgumentError) throw new ConfigError('MONGODB_DB', error.message);
    throw error;
  }
  try {
    await client.connect();
    await requireTransactions(db);
    const wallet = createMongoWalletStore({ client, db });
    const billing = createMongoBillingStore({ client, db });
    const chat = createMongoChatStore({ client, db });
    const host = createMongoHostStore({ db });
    await wallet.migrate();
    await billing.migrate();
    await chat.migrate();
    await migratePaymentCollections({ db });
    await migrateMongoHostStore({ db });
    return {
      kind: 'mongodb',
      location: `MongoDB ${redact(uri)}, database ${dbName}`,
      wallet,
      billing,
      chat,
      payments: createMongoPaymentStore({ db, client }),
      payouts: createMongoPayoutStore({ db, client }),
      host,
      ping: async () => {
        await db.command({ ping: 1 });
      },
      close: () => client.close(),
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** A standalone `mongod` has no transactions: say so at start rather than on the first top-up. */
async function requireTransactions(db: Db): Promise<void> {
  const hello = await db.command({ hello: 1 });
  if (typeof hello.setName === 'string' || hello.msg === 'isdbgrid') return;
  throw new ConfigError(
    'MONGODB_URI',
    'points at a standalone server; the stores need transactions, so a replica set (one node is enough) or a sharded cluster',
  );
}

/** The URI without its password, for the start-up log. */
function redact(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}
