export { ManualClock } from '@jyotishconnect/core';
export {
  type ChatStoreContractOptions,
  type ChatStoreFixture,
  chatStoreContract,
  type MakeChatStore,
} from './contract.js';
export {
  type ChatFixture,
  createFixture,
  expectRejected,
  type StoreSnapshot,
  sendMany,
  snapshot,
} from './fixtures.js';
