export type {
  AccountStore,
  AuditLog,
  AutoRechargeStore,
  DirectoryStore,
  HostStore,
  OrderStore,
  PayoutStore,
  RatingStore,
  SessionIndex,
} from './ports.js';
export type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  InsertResult,
  OrderRecord,
  PayoutRecord,
  Rates,
  RatingRecord,
  SessionRef,
  UserRecord,
  UserRole,
} from './records.js';
