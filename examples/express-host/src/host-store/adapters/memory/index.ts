export { createMemoryHostStore } from './store.js';
