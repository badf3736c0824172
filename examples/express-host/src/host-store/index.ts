export type {
  AccountStore,
  AuditLog,
  AutoRechargeStore,
  DirectoryStore,
  HostStore,
  NotificationPreferenceStore,
  RatingStore,
  SessionIndex,
} from './ports.js';
export type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  InsertResult,
  MailLanguage,
  NotificationKind,
  NotificationPreferences,
  Rates,
  RatingRecord,
  SessionRef,
  UserRecord,
  UserRole,
} from './records.js';
