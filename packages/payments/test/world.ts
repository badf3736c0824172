import { ManualClock } from '@jyotishconnect/core';
import { createWallet, type Wallet, type WalletStore } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { createMemoryPaymentStore } from '../src/adapters/memory/index.js';
import { createPayments, type Payments } from '../src/payments.js';
import type { PaymentProvider } from '../src/provider.js';
import { createSimulatedProvider, type SimulatedProvider } from '../src/providers/simulated.js';
import type { PaymentStore } from '../src/store.js';

/** A wallet with Asha's and Ravi's accounts, a memory payment store and the simulated provider, on a manual clock. */
export interface World {
  readonly clock: ManualClock;
  readonly wallet: Wallet;
  readonly store: PaymentStore;
  readonly simulated: SimulatedProvider;
  readonly payments: Payments;
  readonly balanceOf: (accountId: string) => Promise<number>;
}

/** The stores a world runs on; memory unless a test passes others. */
export interface WorldStores {
  readonly wallet: WalletStore;
  readonly payments: PaymentStore;
}

/** Builds a world; `provider` wraps the simulated provider (to make it fail, say). */
export async function world(
  wrap: (provider: SimulatedProvider) => PaymentProvider = (p) => p,
  stores: WorldStores = { wallet: createMemoryWalletStore(), payments: createMemoryPaymentStore() },
): Promise<World> {
  const clock = new ManualClock(1_767_225_600_000);
  const wallet = createWallet({ store: stores.wallet, clock });
  await wallet.openSystemAccounts();
  await wallet.openAccount({ id: 'user:asha', type: 'user' });
  await wallet.openAccount({ id: 'user:ravi', type: 'user' });
  await wallet.openAccount({ id: 'consultant:guru', type: 'consultant' });
  await wallet.openAccount({ id: 'user:dollar', type: 'user', currency: 'USD' });
  const store = stores.payments;
  const simulated = createSimulatedProvider({ secret: 'whsec_simulated_0123456789', clock });
  const payments = createPayments({ wallet, store, provider: wrap(simulated), clock });
  const balanceOf = async (accountId: string) => (await wallet.getAccount(accountId))?.balance ?? Number.NaN;
  return { clock, wallet, store, simulated, payments, balanceOf };
}
