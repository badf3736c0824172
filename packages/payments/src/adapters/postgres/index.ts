export { createPostgresPayoutStore, PostgresPayoutStore, type PostgresPayoutStoreOptions } from './payouts.js';
export { migratePaymentStore, type PaymentTables, paymentTables } from './schema.js';
export { createPostgresPaymentStore, PostgresPaymentStore, type PostgresPaymentStoreOptions } from './store.js';
