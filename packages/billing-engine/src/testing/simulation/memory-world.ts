import { ManualClock } from '@jyotishconnect/core';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { createMemoryBillingStore } from '../../adapters/memory/store.js';
import type { SimulationWorld } from './setup.js';

/** A {@link SimulationWorld} on memory stores: every process shares one wallet store and one billing store. */
export async function createMemorySimulationWorld(): Promise<SimulationWorld> {
  const clock = new ManualClock();
  const walletStore = createMemoryWalletStore();
  const wallet = createWallet({ store: walletStore, clock });
  await wallet.openSystemAccounts();
  const store = createMemoryBillingStore();
  return {
    clock,
    wallet,
    walletForEngine: async () => createWallet({ store: walletStore, clock }),
    storeForEngine: async () => store,
  };
}
