export { createMemoryChatStore, MemoryChatStore } from './store.js';
