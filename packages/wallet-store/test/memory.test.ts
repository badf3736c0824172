import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { walletStoreContract } from '@jyotishconnect/wallet-store/testing';

walletStoreContract('memory', async () => ({ store: createMemoryWalletStore() }), { propertyRuns: 200 });
