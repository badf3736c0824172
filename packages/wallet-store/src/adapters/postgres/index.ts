export { migrateWalletStore } from './schema.js';
export { createPostgresWalletStore, PostgresWalletStore, type PostgresWalletStoreOptions } from './store.js';
