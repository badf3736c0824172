export { createMongoWalletStore, MongoWalletStore, type MongoWalletStoreOptions } from './mongodb/store.js';
