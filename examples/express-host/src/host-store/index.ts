export type {
  AccountStore,
  AuditLog,
  AutoRechargeStore,
  DirectoryStore,
  HostStore,
  PromotionStore,
  RatingStore,
  SessionIndex,
} from './ports.js';
export type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  ConsultantPromotion,
  InsertResult,
  Rates,
  RatingRecord,
  SessionRef,
  UserRecord,
  UserRole,
} from './records.js';
