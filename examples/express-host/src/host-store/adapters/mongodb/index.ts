export { type MongoHostStoreOptions, migrateMongoHostStore } from './schema.js';
export { createMongoHostStore } from './store.js';
