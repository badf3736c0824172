export type {
  AccountStore,
  AuditLog,
  AutoRechargeStore,
  DirectoryStore,
  HostStore,
  RatingStore,
  SessionIndex,
} from './ports.js';
export type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  InsertResult,
  Rates,
  RatingRecord,
  SavedMethodRef,
  SessionRef,
  UserRecord,
  UserRole,
} from './records.js';
