export { createMongoBillingStore, MongoBillingStore, type MongoBillingStoreOptions } from './store.js';
