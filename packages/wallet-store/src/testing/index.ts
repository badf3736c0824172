export { walletStoreContract } from './contract.js';
export {
  createWalletWorld,
  type MakeWalletStore,
  snapshot,
  type WalletContractOptions,
  type WalletStoreFixture,
  type WalletWorld,
  WORLD_ACCOUNTS,
} from './fixtures.js';
export { type Outcome, WalletModel, type WalletOp } from './model.js';
