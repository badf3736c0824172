import { createMemoryHostStore } from '../../src/host-store/adapters/memory/index.js';
import { hostStoreContract } from '../../src/host-store/testing/index.js';

hostStoreContract('memory', async () => ({ store: createMemoryHostStore() }));
