export { SYSTEM_ACCOUNTS } from './accounts.js';
export { WalletError, type WalletErrorCode, walletErrorCodes, walletStoreErrors } from './errors.js';
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
  VoidHoldInput,
  WalletEvents,
  WalletLimits,
  WalletOptions,
} from './inputs.js';
export {
  DEFAULT_GROUP_FIELD,
  type GroupedStatementOptions,
  type GroupedStatementPage,
  type GroupedStatementQuery,
  type PositionedGroup,
  STANDALONE_KINDS,
  type StatementGroup,
} from './statement-groups.js';
export type {
  AccountAudit,
  HoldRelease,
  LedgerEntry,
  NewAccount,
  RefundPart,
  StatementQuery,
  StoredHold,
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
