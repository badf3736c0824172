export { createMemoryBillingStore, MemoryBillingStore } from './store.js';
