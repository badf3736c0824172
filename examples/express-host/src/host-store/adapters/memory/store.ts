import { inIssueOrder, numbered, sequenceKey } from '../../numbering.js';
import type {
  AccountStore,
  AuditLog,
  AutoRechargeStore,
  DirectoryStore,
  HostStore,
  NotificationPreferenceStore,
  RatingStore,
  SessionIndex,
  TaxDocumentStore,
} from '../../ports.js';
import type {
  AutoRecharge,
  ConsultantProfile,
  NotificationPreferences,
  RatingRecord,
  SessionRef,
  TaxDocument,
  UserRecord,
} from '../../records.js';
import {
  type Appended,
  byConsultantId,
  defaultPreferences,
  emailKey,
  isParticipant,
  isRatingOf,
  listsNothing,
  newestAppendedFirst,
  newestRatingFirst,
  newestSessionFirst,
  normalizedOptOuts,
  starsInRange,
  starsOutOfRange,
  storedDetails,
  storedSetting,
  withEdit,
  withOptOut,
  withPayoutAccount,
} from '../../rules.js';
import { memoryPromotions } from './promotions.js';

/**
 * A host store in process memory, for tests and `STORE=memory`: nothing is
 * kept. Every method runs without awaiting in between, so each is atomic.
 *
 * @example
 * ```ts
 * const host = createMemoryHostStore();
 * await host.accounts.insert(user);
 * ```
 */
export function createMemoryHostStore(): HostStore {
  return {
    accounts: memoryAccounts(),
    directory: memoryDirectory(),
    sessions: memorySessions(),
    ratings: memoryRatings(),
    autoRecharge: memoryAutoRecharge(),
    audit: memoryAudit(),
    taxDocuments: memoryTaxDocuments(),
    notificationPreferences: memoryNotificationPreferences(),
    promotions: memoryPromotions(),
  };
}

/** Replaces the record under `key` with `change` applied; `null` when there is none. */
function update<T>(map: Map<string, T>, key: string, change: (record: T) => T): T | null {
  const record = map.get(key);
  if (record === undefined) return null;
  const updated = change(record);
  map.set(key, updated);
  return updated;
}

function memoryAccounts(): AccountStore {
  const byId = new Map<string, UserRecord>();
  /** Account id by {@link emailKey}. */
  const idByEmail = new Map<string, string>();
  return {
    insert: async (user) => {
      const key = emailKey(user.email);
      if (byId.has(user.id) || idByEmail.has(key)) return 'duplicate';
      byId.set(user.id, user);
      idByEmail.set(key, user.id);
      return 'created';
    },
    byId: async (id) => byId.get(id) ?? null,
    byEmail: async (email) => byId.get(idByEmail.get(emailKey(email)) ?? '') ?? null,
    setFrozen: async (id, frozen) => update(byId, id, (user) => ({ ...user, frozen })),
  };
}

function memoryDirectory(): DirectoryStore {
  const profiles = new Map<string, ConsultantProfile>();
  return {
    upsert: async (profile) => void profiles.set(profile.consultantId, profile),
    profileOf: async (consultantId) => profiles.get(consultantId) ?? null,
    list: async () => [...profiles.values()].sort(byConsultantId),
    setOnline: async (consultantId, online) => update(profiles, consultantId, (profile) => ({ ...profile, online })),
    setPayoutAccount: async (consultantId, account, label) =>
      update(profiles, consultantId, (profile) => withPayoutAccount(profile, account, label)),
    editProfile: async (consultantId, edit) => update(profiles, consultantId, (profile) => withEdit(profile, edit)),
    setStatus: async (consultantId, status, statusReason) =>
      update(profiles, consultantId, (profile) => ({ ...profile, status, statusReason })),
    listByStatus: async (status, limit) => {
      if (listsNothing(limit)) return [];
      return [...profiles.values()]
        .filter((profile) => profile.status === status)
        .sort(byConsultantId)
        .slice(0, limit);
    },
  };
}

function memorySessions(): SessionIndex {
  const sessions = new Map<string, SessionRef>();
  return {
    record: async (ref) => {
      if (!sessions.has(ref.id)) sessions.set(ref.id, ref);
    },
    list: async (participantId, limit) => {
      if (listsNothing(limit)) return [];
      return [...sessions.values()]
        .filter((session) => isParticipant(session, participantId))
        .sort(newestSessionFirst)
        .slice(0, limit);
    },
  };
}

function memoryRatings(): RatingStore {
  const byId = new Map<string, RatingRecord>();
  /** Rating id by session id: one rating per session. */
  const idBySession = new Map<string, string>();
  return {
    insert: async (rating) => {
      if (!starsInRange(rating.stars)) throw starsOutOfRange(rating.stars);
      if (byId.has(rating.id) || idBySession.has(rating.sessionId)) return 'duplicate';
      byId.set(rating.id, rating);
      idBySession.set(rating.sessionId, rating.id);
      return 'created';
    },
    ofSession: async (sessionId) => byId.get(idBySession.get(sessionId) ?? '') ?? null,
    list: async (consultantId) =>
      [...byId.values()].filter((rating) => isRatingOf(rating, consultantId)).sort(newestRatingFirst),
    setHidden: async (ratingId, hidden) => update(byId, ratingId, (rating) => ({ ...rating, hidden })),
  };
}

function memoryAutoRecharge(): AutoRechargeStore {
  const settings = new Map<string, AutoRecharge>();
  return {
    settingOf: async (userId) => settings.get(userId) ?? null,
    set: async (setting) => void settings.set(setting.userId, storedSetting(setting)),
    clear: async (userId) => void settings.delete(userId),
  };
}

function memoryAudit(): AuditLog {
  const log = new Map<string, Appended>();
  return {
    append: async (entry) => {
      if (log.has(entry.id)) return 'duplicate';
      log.set(entry.id, { entry: { ...entry, details: storedDetails(entry.details) }, seq: log.size });
      return 'created';
    },
    latest: async (limit) => {
      if (listsNothing(limit)) return [];
      return [...log.values()]
        .sort(newestAppendedFirst)
        .slice(0, limit)
        .map(({ entry }) => entry);
    },
  };
}

function memoryTaxDocuments(): TaxDocumentStore {
  const byNumber = new Map<string, TaxDocument>();
  /** Document number by key: each key issues once. */
  const numberByKey = new Map<string, string>();
  /** The last sequence of each series and financial year ({@link sequenceKey}). */
  const last = new Map<string, number>();
  const byKey = (key: string) => byNumber.get(numberByKey.get(key) ?? '') ?? null;
  return {
    issue: async (draft) => {
      const first = byKey(draft.key);
      if (first) return { document: first, created: false };
      const sequence = (last.get(sequenceKey(draft)) ?? 0) + 1;
      const document = numbered(structuredClone(draft), sequence);
      last.set(sequenceKey(draft), sequence);
      byNumber.set(document.number, document);
      numberByKey.set(document.key, document.number);
      return { document, created: true };
    },
    byNumber: async (number) => byNumber.get(number) ?? null,
    byKey: async (key) => byKey(key),
    ofSession: async (sessionId) =>
      [...byNumber.values()].filter((document) => document.sessionId === sessionId).sort(inIssueOrder),
  };
}

function memoryNotificationPreferences(): NotificationPreferenceStore {
  const byUser = new Map<string, NotificationPreferences>();
  return {
    preferencesOf: async (userId) => byUser.get(userId) ?? null,
    set: async (preferences) =>
      void byUser.set(preferences.userId, { ...preferences, optedOut: normalizedOptOuts(preferences.optedOut) }),
    optOut: async (userId, kind) => {
      const updated = withOptOut(byUser.get(userId) ?? defaultPreferences(userId), kind);
      byUser.set(userId, updated);
      return updated;
    },
  };
}
