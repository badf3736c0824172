export { SYSTEM_ACCOUNTS } from './accounts.js';
export { captureEntry, isUncapturable } from './batch-writes.js';
export { WalletError, type WalletErrorCode, walletErrorCodes, walletStoreErrors } from './errors.js';
export type {
  BatchOperation,
  BatchResult,
  CaptureHoldInput,
  GroupedStatementOptions,
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
  DEFAULT_REFUND_REPORT_TIME_ZONE,
  MAX_REFUND_REPORT_DAYS,
  MAX_REFUND_REPORT_VALUES,
  type RefundReportOptions,
} from './refund-report.js';
export { DEFAULT_GROUP_FIELD, STANDALONE_KINDS } from './statement-groups.js';
export type {
  AccountAudit,
  BatchOutcome,
  BatchWrite,
  Capture,
  CaptureWrite,
  GroupedStatementQuery,
  HoldRelease,
  LedgerEntry,
  NewAccount,
  PositionedGroup,
  RefundPart,
  RefundReportGroupBy,
  RefundReportQuery,
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
  CommissionSpec,
  GroupedStatementPage,
  Hold,
  HoldStatus,
  Metadata,
  Posting,
  RefundReportRow,
  StatementEntry,
  StatementGroup,
  StatementPage,
  Transaction,
  TransactionKind,
  VerifyReport,
} from './types.js';
export { createWallet, Wallet } from './wallet.js';
