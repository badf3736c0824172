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
  ConsultantStatus,
  InsertResult,
  ProfileEdit,
  Rates,
  RatingRecord,
  SessionRef,
  UserRecord,
  UserRole,
  WeeklySlot,
} from './records.js';
