export type { AbsenceReport, PresenceSource } from './absence.js';
export { type ChargeAccounts, intervalId, promoChargeId } from './charging.js';
export {
  type BillingConfig,
  type BillingConfigInput,
  billingConfigSchema,
  type ConsultantRates,
  parseBillingConfig,
} from './config.js';
export {
  BillingEngine,
  type BillingEngineOptions,
  type ConsultantStatus,
  createBillingEngine,
  type RequestInput,
} from './engine.js';
export {
  alreadyQueued,
  BillingError,
  type BillingErrorCode,
  billingErrorCodes,
  concurrentModification,
  consultantBusy,
  engineClosed,
  insufficientFunds,
  invalidInput,
  invalidRole,
  invalidTransition,
  notAParticipant,
  serviceNotOffered,
  sessionNotFound,
  userBusy,
} from './errors.js';
export type { BillingEvents, EndedEvent, LowBalanceEvent, Session, TickEvent } from './events.js';
export type { RoleOf } from './intake.js';
export { drivenElsewhere, mayDrive, nextWakeAt, stamp } from './lease.js';
export {
  closingHold,
  type IntervalPlan,
  minimumBalance,
  openHold,
  type PlanRules,
  planNextInterval,
  secondsLeft,
  userCost,
} from './plan.js';
export {
  type ChargeSplit,
  dueAt,
  intervalCharge,
  secondsCovered,
  secondsIn,
  splitIntervalCharge,
  userDueAt,
} from './proration.js';
export { createRateCard, MemoryRateCard, type RateCard, type ServiceRate } from './rate-card.js';
export { type Scheduled, TickScheduler, type TickSchedulerOptions } from './scheduler.js';
export {
  acceptSession,
  closeInterval,
  closeRequest,
  closingCharge,
  type EndReason,
  endSession,
  intervalEndsAt,
  isOpen,
  type NewSession,
  openInterval,
  pauseSession,
  requestSession,
  resumeSession,
  SERVICE_TYPES,
  type ServiceType,
  type SessionRecord,
  type SessionStatus,
  type SessionSummary,
  servedInInterval,
  summarize,
  writeOffClosing,
} from './session.js';
export type {
  BillingStore,
  ClaimQuery,
  EnqueueOutcome,
  InsertSessionOutcome,
  OpenSessionFilter,
  WaitlistEntry,
} from './store.js';
export type { JoinInput, QueuePosition } from './waitlist.js';
