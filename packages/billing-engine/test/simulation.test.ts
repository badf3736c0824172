import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { ManualClock } from '@jyotishconnect/core';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { simulate } from './support/simulation.js';

describe('randomized simulation on memory stores', () => {
  it('two engines, random workloads, racing actions: every invariant holds and billed time equals active time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        await simulate(await memoryWorld(), { seed, users: 10, consultants: 4, steps: 150, crashes: false });
      }),
      { numRuns: 15 },
    );
  });

  it('with engines crashing mid-flight and restarting or being taken over: every invariant holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        await simulate(await memoryWorld(), { seed, users: 10, consultants: 4, steps: 200, crashes: true });
      }),
      { numRuns: 25 },
    );
  });
});

async function memoryWorld() {
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
