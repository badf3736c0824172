export { createMemoryPayoutStore, MemoryPayoutStore } from './payouts.js';
export { createMemoryPaymentStore, MemoryPaymentStore } from './store.js';
