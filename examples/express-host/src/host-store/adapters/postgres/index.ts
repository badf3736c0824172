export { migratePostgresHostStore } from './schema.js';
export { createPostgresHostStore, type PostgresHostStoreOptions } from './store.js';
