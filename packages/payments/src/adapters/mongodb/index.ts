export { decodeOrder, decodePayout, decodeRefund, type OrderDoc, type PayoutDoc, type RefundDoc } from './documents.js';
export { createMongoPayoutStore, MongoPayoutStore, type MongoPayoutStoreOptions } from './payouts.js';
export { migratePaymentCollections, type PaymentCollections, paymentCollections } from './schema.js';
export { createMongoPaymentStore, MongoPaymentStore, type MongoPaymentStoreOptions } from './store.js';
