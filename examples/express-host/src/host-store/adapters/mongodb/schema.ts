import { createMissingCollections, int64CollectionOptions } from '@jyotishconnect/core/mongodb';
import { type Collection, type Db, MongoServerError } from 'mongodb';
import { PROFILE_DEFAULTS, STARS } from '../../rules.js';
import type {
  AuditDoc,
  AutoRechargeDoc,
  CounterDoc,
  NotificationPreferencesDoc,
  ProfileDoc,
  RatingDoc,
  SessionDoc,
  UserDoc,
} from './documents.js';
import type { PromotionDoc } from './promotions.js';
import { IN_ISSUE_ORDER, LAST_SEQUENCE_FIRST, type TaxDocumentDoc } from './tax-documents.js';

/** The host's collections. */
export interface HostCollections {
  readonly users: Collection<UserDoc>;
  readonly profiles: Collection<ProfileDoc>;
  readonly sessions: Collection<SessionDoc>;
  readonly ratings: Collection<RatingDoc>;
  readonly autoRecharge: Collection<AutoRechargeDoc>;
  readonly audit: Collection<AuditDoc>;
  readonly counters: Collection<CounterDoc>;
  readonly taxDocuments: Collection<TaxDocumentDoc>;
  readonly notificationPreferences: Collection<NotificationPreferencesDoc>;
  readonly promotions: Collection<PromotionDoc>;
}

/** Options shared by the MongoDB host store and its migration. */
export interface MongoHostStoreOptions {
  /** The database; the client is opened and closed by its owner. */
  db: Db;
  /** Prefix of the collection names; defaults to `jc_host_`. */
  collectionPrefix?: string;
}

/** The host's collections in `db`, read with int64 fields kept as `Long`. */
export function hostCollections({ db, collectionPrefix = 'jc_host_' }: MongoHostStoreOptions): HostCollections {
  const collection = <T extends object>(name: string) =>
    db.collection<T>(`${collectionPrefix}${name}`, int64CollectionOptions);
  return {
    users: collection('users'),
    profiles: collection('profiles'),
    sessions: collection('sessions'),
    ratings: collection('ratings'),
    autoRecharge: collection('auto_recharge'),
    audit: collection('audit'),
    counters: collection('counters'),
    taxDocuments: collection('tax_documents'),
    notificationPreferences: collection('notification_preferences'),
    promotions: collection('promotions'),
  };
}

/** rules.newestSessionFirst as a sort specification (ids compare binary, as the rule's ASCII ids do in code units). */
export const NEWEST_SESSION_FIRST = { requestedAt: -1, _id: -1 } as const;
/** rules.newestRatingFirst as a sort specification. */
export const NEWEST_RATING_FIRST = { createdAt: -1, _id: -1 } as const;
/** rules.newestAppendedFirst as a sort specification. */
export const NEWEST_APPENDED_FIRST = { createdAt: -1, seq: -1 } as const;

const INDEX_NOT_FOUND = 27;

/**
 * Creates the collections and indexes, idempotently and safely when several
 * processes start at once; an existing database gets only what it lacks.
 *
 * @example
 * ```ts
 * await migrateMongoHostStore({ db: client.db('jyotishconnect') });
 * ```
 */
export async function migrateMongoHostStore(options: MongoHostStoreOptions): Promise<void> {
  const c = hostCollections(options);
  // The SQL table's CHECK on stars, as a validator (set when the collection is created).
  const validators = { [c.ratings.collectionName]: { stars: { $gte: STARS.min, $lte: STARS.max } } };
  await createMissingCollections(options.db, Object.values(c), validators);
  await c.users.createIndex({ emailKey: 1 }, { unique: true, name: 'email' });
  await c.sessions.createIndex(NEWEST_SESSION_FIRST, { name: 'requested' });
  await c.sessions.createIndex({ userId: 1, ...NEWEST_SESSION_FIRST }, { name: 'user_requested' });
  await c.sessions.createIndex({ consultantId: 1, ...NEWEST_SESSION_FIRST }, { name: 'consultant_requested' });
  await c.ratings.createIndex({ sessionId: 1 }, { unique: true, name: 'session' });
  await c.ratings.createIndex({ consultantId: 1, ...NEWEST_RATING_FIRST }, { name: 'consultant_created' });
  await c.ratings.createIndex(NEWEST_RATING_FIRST, { name: 'created' });
  await c.audit.createIndex(NEWEST_APPENDED_FIRST, { name: 'newest' });
  // One document per number of a series and year, one per key: what makes tax numbering gap-free and idempotent.
  await c.taxDocuments.createIndex(LAST_SEQUENCE_FIRST, { unique: true, name: 'sequence' });
  await c.taxDocuments.createIndex({ key: 1 }, { unique: true, name: 'key' });
  await c.taxDocuments.createIndex({ sessionId: 1, ...IN_ISSUE_ORDER }, { name: 'session_issued' });
  // Profiles of releases before onboarding were already serving: they take rules.PROFILE_DEFAULTS (approved).
  await c.profiles.updateMany({ status: { $exists: false } }, { $set: { ...PROFILE_DEFAULTS, schedule: [] } });
  await c.profiles.createIndex({ status: 1, _id: 1 }, { name: 'status' });
  // The audit log's first order, replaced by `newest`.
  await c.audit.dropIndex('created').catch((error: unknown) => {
    if (!(error instanceof MongoServerError && error.code === INDEX_NOT_FOUND)) throw error;
  });
}
