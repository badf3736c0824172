export type { AbsenceReport, PresenceSource } from './absence.js';
export type { ChargeAccounts } from './charging.js';
export { type BillingConfig, type BillingConfigInput, billingConfigSchema, type ConsultantRates } from './config.js';
export { BillingEngine, createBillingEngine } from './engine.js';
export type { BillingEngineOptions, ConsultantStatus, RequestInput } from './engine-options.js';
export { BillingError, type BillingErrorCode, billingErrorCodes } from './errors.js';
export type {
  BillingEvents,
  CheckpointEvent,
  EndedEvent,
  LowBalanceEvent,
  ServiceDeclinedEvent,
  Session,
  TickEvent,
} from './events.js';
export type { RoleOf } from './intake.js';
export type { Promotion, PromotionOf } from './promotion.js';
export { dueAt } from './proration.js';
export { createRateCard, MemoryRateCard, type RateCard, type ServiceRate } from './rate-card.js';
export {
  type BillingReportStore,
  billingReport,
  DEFAULT_REPORT_TIME_ZONE,
  emptyReportRow,
  MAX_REPORT_DAYS,
  type ReportGroupBy,
  type ReportOptions,
  type ReportQuery,
  type ReportRow,
} from './report.js';
export type { SessionSummary } from './session.js';
export {
  type EndReason,
  type PauseReason,
  SERVICE_TYPES,
  type ServiceType,
  type SessionRecord,
  type SessionStatus,
} from './session-record.js';
export type {
  BillingStore,
  ClaimQuery,
  EnqueueOutcome,
  InsertSessionOutcome,
  OpenSessionFilter,
  OpenSessionStatus,
  SessionCounts,
  WaitlistEntry,
} from './store.js';
export type { JoinInput, QueuePosition } from './waitlist.js';
