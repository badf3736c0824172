export { createMemoryWalletStore, MemoryWalletStore } from './store.js';
