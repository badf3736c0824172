export { balanceShards, hasZeroFloor, SYSTEM_ACCOUNTS } from './accounts.js';
export {
  accountFrozen,
  accountNotFound,
  concurrentRefund,
  currencyMismatch,
  holdNotFound,
  holdNotOpen,
  idempotencyConflict,
  insufficientFunds,
  invalidInput,
  refundExceedsOriginal,
  WalletError,
  type WalletErrorCode,
  walletErrorCodes,
} from './errors.js';
export { effectiveStatus } from './holds.js';
export { grossOf, mulDivFloor, refundPostings, splitAmount } from './money.js';
export type {
  AccountAudit,
  LedgerEntry,
  NewAccount,
  StatementQuery,
  StoredRequest,
  StoredTransaction,
  WalletStore,
  WriteOutcome,
} from './store.js';
export type {
  Account,
  AccountType,
  Hold,
  HoldStatus,
  Metadata,
  Posting,
  StatementEntry,
  StatementPage,
  Transaction,
  TransactionKind,
  VerifyReport,
} from './types.js';
export {
  type CaptureHoldInput,
  createWallet,
  type OpenAccountInput,
  type PlaceHoldInput,
  type RefundInput,
  type SplitChargeInput,
  type StatementOptions,
  type TopUpInput,
  type TransferInput,
  Wallet,
  type WalletEvents,
  type WalletOptions,
} from './wallet.js';
