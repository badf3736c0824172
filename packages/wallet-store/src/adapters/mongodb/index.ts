export { createMongoWalletStore, MongoWalletStore, type MongoWalletStoreOptions } from './store.js';
