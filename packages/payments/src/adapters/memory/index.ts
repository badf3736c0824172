export { createMemoryPaymentStore, MemoryPaymentStore } from './store.js';
