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
export type {
  CaptureHoldInput,
  OpenAccountInput,
  PlaceHoldInput,
  RefundInput,
  RefundManyInput,
  SplitChargeInput,
  StatementOptions,
  TopUpInput,
  TransferInput,
  WalletEvents,
  WalletLimits,
  WalletOptions,
} from './inputs.js';
export { grossOf, mergePostings, mulDivFloor, refundPostings, splitAmount } from './money.js';
export type {
  AccountAudit,
  LedgerEntry,
  NewAccount,
  RefundPart,
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
export { createWallet, Wallet } from './wallet.js';
