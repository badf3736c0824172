export { migrateBillingStore } from './schema.js';
export { createPostgresBillingStore, PostgresBillingStore, type PostgresBillingStoreOptions } from './store.js';
