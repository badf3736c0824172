export { decodeOrder, decodeRefund, type OrderDoc, type RefundDoc } from './documents.js';
export { migratePaymentCollections, type PaymentCollections, paymentCollections } from './schema.js';
export { createMongoPaymentStore, MongoPaymentStore, type MongoPaymentStoreOptions } from './store.js';
