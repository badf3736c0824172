import { int64, isDuplicateKey } from '@jyotishconnect/core/mongodb';
import { type Filter, MongoServerError, type UpdateFilter } from 'mongodb';
import type {
  AccountStore,
  AuditLog,
  AutoRechargeStore,
  DirectoryStore,
  HostStore,
  NotificationPreferenceStore,
  RatingStore,
  SessionIndex,
} from '../../ports.js';
import type { InsertResult } from '../../records.js';
import { defaultPreferences, emailKey, listsNothing, starsOutOfRange } from '../../rules.js';
import {
  auditDoc,
  autoRechargeDoc,
  notificationPreferencesDoc,
  type ProfileDoc,
  profileDoc,
  profileEditDoc,
  type RatingDoc,
  ratingDoc,
  type SessionDoc,
  sessionDoc,
  userDoc,
} from './documents.js';
import { mongoPromotions } from './promotions.js';
import {
  toAuditEntry,
  toAutoRecharge,
  toNotificationPreferences,
  toProfile,
  toRating,
  toSession,
  toUser,
} from './rows.js';
import {
  type HostCollections,
  hostCollections,
  type MongoHostStoreOptions,
  NEWEST_APPENDED_FIRST,
  NEWEST_RATING_FIRST,
  NEWEST_SESSION_FIRST,
} from './schema.js';
import { mongoTaxDocuments } from './tax-documents.js';

const AFTER = { returnDocument: 'after' } as const;
const DOCUMENT_VALIDATION_FAILURE = 121;

/** Runs an insert; a unique index (`_id` or another) that already holds the key makes it `duplicate`. */
async function inserted(insert: () => Promise<unknown>): Promise<InsertResult> {
  try {
    await insert();
    return 'created';
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate';
    throw error;
  }
}

/**
 * A host store on MongoDB through the official driver. Each method is one
 * single-document operation (two for an audit append: its number, then the
 * entry; a tax document's insert retried past numbers taken meanwhile), as each
 * SQL method is one statement, so none needs a transaction or a replica set; unique indexes decide every duplicate. Run
 * {@link migrateMongoHostStore} first.
 *
 * @example
 * ```ts
 * const db = client.db('jyotishconnect');
 * await migrateMongoHostStore({ db });
 * const host = createMongoHostStore({ db });
 * ```
 */
export function createMongoHostStore(options: MongoHostStoreOptions): HostStore {
  const c = hostCollections(options);
  return {
    accounts: mongoAccounts(c),
    directory: mongoDirectory(c),
    sessions: mongoSessions(c),
    ratings: mongoRatings(c),
    autoRecharge: mongoAutoRecharge(c),
    promotions: mongoPromotions(c.promotions),
    audit: mongoAudit(c),
    taxDocuments: mongoTaxDocuments(c.taxDocuments),
    notificationPreferences: mongoNotificationPreferences(c),
  };
}

function mongoAccounts({ users }: HostCollections): AccountStore {
  return {
    insert: (user) => inserted(() => users.insertOne(userDoc(user))),
    byId: async (id) => {
      const doc = await users.findOne({ _id: id });
      return doc && toUser(doc);
    },
    byEmail: async (email) => {
      const doc = await users.findOne({ emailKey: emailKey(email) });
      return doc && toUser(doc);
    },
    setFrozen: async (id, frozen) => {
      const doc = await users.findOneAndUpdate({ _id: id }, { $set: { frozen } }, AFTER);
      return doc && toUser(doc);
    },
  };
}

function mongoDirectory({ profiles }: HostCollections): DirectoryStore {
  return {
    upsert: async (profile) =>
      void (await profiles.replaceOne({ _id: profile.consultantId }, profileDoc(profile), { upsert: true })),
    profileOf: async (consultantId) => {
      const doc = await profiles.findOne({ _id: consultantId });
      return doc && toProfile(doc);
    },
    list: async () => (await profiles.find().sort({ _id: 1 }).toArray()).map(toProfile),
    setOnline: async (consultantId, online) => {
      const doc = await profiles.findOneAndUpdate({ _id: consultantId }, { $set: { online } }, AFTER);
      return doc && toProfile(doc);
    },
    setPayoutAccount: async (consultantId, account, label) => {
      const change: UpdateFilter<ProfileDoc> =
        account === null
          ? { $unset: { payoutAccount: '', payoutAccountLabel: '' } }
          : label === undefined
            ? { $set: { payoutAccount: account }, $unset: { payoutAccountLabel: '' } }
            : { $set: { payoutAccount: account, payoutAccountLabel: label } };
      const doc = await profiles.findOneAndUpdate({ _id: consultantId }, change, AFTER);
      return doc && toProfile(doc);
    },
    editProfile: async (consultantId, edit) => {
      const doc = await profiles.findOneAndUpdate({ _id: consultantId }, { $set: profileEditDoc(edit) }, AFTER);
      return doc && toProfile(doc);
    },
    setStatus: async (consultantId, status, statusReason) => {
      const doc = await profiles.findOneAndUpdate({ _id: consultantId }, { $set: { status, statusReason } }, AFTER);
      return doc && toProfile(doc);
    },
    listByStatus: async (status, limit) => {
      if (listsNothing(limit)) return [];
      return (await profiles.find({ status }).sort({ _id: 1 }).limit(limit).toArray()).map(toProfile);
    },
  };
}

function mongoSessions({ sessions }: HostCollections): SessionIndex {
  return {
    record: async (ref) => void (await inserted(() => sessions.insertOne(sessionDoc(ref)))),
    list: async (participantId, limit) => {
      if (listsNothing(limit)) return [];
      // rules.isParticipant
      const filter: Filter<SessionDoc> =
        participantId === null ? {} : { $or: [{ userId: participantId }, { consultantId: participantId }] };
      return (await sessions.find(filter).sort(NEWEST_SESSION_FIRST).limit(limit).toArray()).map(toSession);
    },
  };
}

function mongoRatings({ ratings }: HostCollections): RatingStore {
  return {
    insert: async (rating) => {
      try {
        return await inserted(() => ratings.insertOne(ratingDoc(rating)));
      } catch (error) {
        // The collection's only validator is on stars (rules.STARS).
        if (error instanceof MongoServerError && error.code === DOCUMENT_VALIDATION_FAILURE) {
          throw starsOutOfRange(rating.stars);
        }
        throw error;
      }
    },
    ofSession: async (sessionId) => {
      const doc = await ratings.findOne({ sessionId });
      return doc && toRating(doc);
    },
    list: async (consultantId) => {
      // rules.isRatingOf
      const filter: Filter<RatingDoc> = consultantId === null ? {} : { consultantId };
      return (await ratings.find(filter).sort(NEWEST_RATING_FIRST).toArray()).map(toRating);
    },
    setHidden: async (ratingId, hidden) => {
      const doc = await ratings.findOneAndUpdate({ _id: ratingId }, { $set: { hidden } }, AFTER);
      return doc && toRating(doc);
    },
  };
}

function mongoAutoRecharge({ autoRecharge }: HostCollections): AutoRechargeStore {
  return {
    settingOf: async (userId) => {
      const doc = await autoRecharge.findOne({ _id: userId });
      return doc && toAutoRecharge(doc);
    },
    set: async (setting) =>
      void (await autoRecharge.replaceOne({ _id: setting.userId }, autoRechargeDoc(setting), { upsert: true })),
    clear: async (userId) => void (await autoRecharge.deleteOne({ _id: userId })),
  };
}

function mongoAudit({ audit, counters }: HostCollections): AuditLog {
  return {
    append: async (entry) => {
      // The next number of the log (a duplicate leaves a gap, as a SQL sequence does).
      const counter = await counters.findOneAndUpdate(
        { _id: 'audit' },
        { $inc: { value: int64(1) } },
        { upsert: true, ...AFTER },
      );
      if (!counter) throw new Error('the audit counter was not returned');
      return await inserted(() => audit.insertOne(auditDoc(entry, counter.value)));
    },
    latest: async (limit) => {
      if (listsNothing(limit)) return [];
      return (await audit.find().sort(NEWEST_APPENDED_FIRST).limit(limit).toArray()).map(toAuditEntry);
    },
  };
}

function mongoNotificationPreferences({ notificationPreferences }: HostCollections): NotificationPreferenceStore {
  return {
    preferencesOf: async (userId) => {
      const doc = await notificationPreferences.findOne({ _id: userId });
      return doc && toNotificationPreferences(doc);
    },
    set: async (preferences) =>
      void (await notificationPreferences.replaceOne(
        { _id: preferences.userId },
        notificationPreferencesDoc(preferences),
        { upsert: true },
      )),
    optOut: async (userId, kind) => {
      const doc = await notificationPreferences.findOneAndUpdate(
        { _id: userId },
        { $addToSet: { optedOut: kind }, $setOnInsert: { language: defaultPreferences(userId).language } },
        { upsert: true, ...AFTER },
      );
      if (!doc) throw new Error('the opt-out returned no document');
      return toNotificationPreferences(doc);
    },
  };
}
