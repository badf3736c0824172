import { type QueryOptions, type SqlExecutor, sqlState } from '@jyotishconnect/core';
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
import { defaultPreferences, listsNothing, normalizedOptOuts, starsOutOfRange } from '../../rules.js';
import { sqlPromotions } from './promotions.js';
import {
  toAuditEntry,
  toAutoRecharge,
  toNotificationPreferences,
  toProfile,
  toRating,
  toSession,
  toUser,
} from './rows.js';
import { hostTables } from './schema.js';
import {
  auditParams,
  autoRechargeParams,
  type HostSql,
  hostSql,
  preferencesParams,
  profileEditParams,
  profileParams,
  ratingParams,
  sessionParams,
  userParams,
} from './sql.js';
import { sqlTaxDocuments } from './tax-documents.js';

/** Options of {@link createPostgresHostStore}. */
export interface PostgresHostStoreOptions {
  /** A node-postgres pool or a PGlite database, through core's `fromPg` / `fromPGlite`. */
  db: SqlExecutor;
  /** The schema {@link migratePostgresHostStore} created the tables in; defaults to `host`. */
  schema?: string;
}

const PREPARED: QueryOptions = { prepare: true };
const CHECK_VIOLATION = '23514';

/** Runs prepared statements and maps their rows. */
class Statements {
  constructor(private readonly db: SqlExecutor) {}

  async rows<Row>(text: string, params: readonly unknown[]): Promise<Row[]> {
    return (await this.db.query<Row>(text, params, PREPARED)).rows;
  }

  async one<Row, T>(text: string, params: readonly unknown[], map: (row: Row) => T): Promise<T | null> {
    const [row] = await this.rows<Row>(text, params);
    return row ? map(row) : null;
  }

  async many<Row, T>(text: string, params: readonly unknown[], map: (row: Row) => T): Promise<T[]> {
    return (await this.rows<Row>(text, params)).map(map);
  }

  /** Runs an insert-once statement: a row back means it inserted. */
  async inserted(text: string, params: readonly unknown[]): Promise<InsertResult> {
    return (await this.rows(text, params)).length > 0 ? 'created' : 'duplicate';
  }
}

/**
 * A host store on PostgreSQL or PGlite, through core's executor. Each method
 * is one prepared statement, so none needs a transaction, except issuing a tax
 * document (its number and the document, in one); unique keys decide every
 * duplicate. Run {@link migratePostgresHostStore} first.
 *
 * @example
 * ```ts
 * const db = fromPGlite(await PGlite.create('.data'));
 * await migratePostgresHostStore(db);
 * const host = createPostgresHostStore({ db });
 * ```
 */
export function createPostgresHostStore(options: PostgresHostStoreOptions): HostStore {
  const tables = hostTables(options.schema ?? 'host');
  const sql = hostSql(tables);
  const run = new Statements(options.db);
  return {
    accounts: sqlAccounts(run, sql),
    directory: sqlDirectory(run, sql),
    sessions: sqlSessions(run, sql),
    ratings: sqlRatings(run, sql),
    autoRecharge: sqlAutoRecharge(run, sql),
    audit: sqlAudit(run, sql),
    taxDocuments: sqlTaxDocuments(options.db, tables),
    notificationPreferences: sqlNotificationPreferences(run, sql),
    promotions: sqlPromotions(options.db, tables.promotions),
  };
}

function sqlAccounts(run: Statements, sql: HostSql): AccountStore {
  return {
    insert: (user) => run.inserted(sql.insertUser, userParams(user)),
    byId: (id) => run.one(sql.userById, [id], toUser),
    byEmail: (email) => run.one(sql.userByEmail, [email], toUser),
    setFrozen: (id, frozen) => run.one(sql.setFrozen, [id, frozen], toUser),
  };
}

function sqlDirectory(run: Statements, sql: HostSql): DirectoryStore {
  return {
    upsert: async (profile) => void (await run.rows(sql.upsertProfile, profileParams(profile))),
    profileOf: (consultantId) => run.one(sql.profileOf, [consultantId], toProfile),
    list: () => run.many(sql.profiles, [], toProfile),
    setOnline: (consultantId, online) => run.one(sql.setOnline, [consultantId, online], toProfile),
    setPayoutAccount: (consultantId, account, label) =>
      run.one(sql.setPayoutAccount, [consultantId, account, account === null ? null : (label ?? null)], toProfile),
    editProfile: (consultantId, edit) => run.one(sql.editProfile, profileEditParams(consultantId, edit), toProfile),
    setStatus: (consultantId, status, reason) => run.one(sql.setStatus, [consultantId, status, reason], toProfile),
    listByStatus: async (status, limit) =>
      listsNothing(limit) ? [] : await run.many(sql.profilesByStatus, [status, limit], toProfile),
  };
}

function sqlSessions(run: Statements, sql: HostSql): SessionIndex {
  return {
    record: async (ref) => void (await run.inserted(sql.recordSession, sessionParams(ref))),
    list: async (participantId, limit) => {
      if (listsNothing(limit)) return [];
      return participantId === null
        ? await run.many(sql.allSessions, [limit], toSession)
        : await run.many(sql.sessionsOf, [participantId, limit], toSession);
    },
  };
}

function sqlRatings(run: Statements, sql: HostSql): RatingStore {
  return {
    insert: async (rating) => {
      try {
        return await run.inserted(sql.insertRating, ratingParams(rating));
      } catch (error) {
        // The table's only CHECK is on stars (rules.STARS).
        if (sqlState(error) === CHECK_VIOLATION) throw starsOutOfRange(rating.stars);
        throw error;
      }
    },
    ofSession: (sessionId) => run.one(sql.ratingOfSession, [sessionId], toRating),
    list: (consultantId) =>
      consultantId === null
        ? run.many(sql.allRatings, [], toRating)
        : run.many(sql.ratingsOf, [consultantId], toRating),
    setHidden: (ratingId, hidden) => run.one(sql.setHidden, [ratingId, hidden], toRating),
  };
}

function sqlAutoRecharge(run: Statements, sql: HostSql): AutoRechargeStore {
  return {
    settingOf: (userId) => run.one(sql.autoRechargeOf, [userId], toAutoRecharge),
    set: async (setting) => void (await run.rows(sql.setAutoRecharge, autoRechargeParams(setting))),
    clear: async (userId) => void (await run.rows(sql.clearAutoRecharge, [userId])),
  };
}

function sqlAudit(run: Statements, sql: HostSql): AuditLog {
  return {
    append: (entry) => run.inserted(sql.appendAudit, auditParams(entry)),
    latest: async (limit) => (listsNothing(limit) ? [] : await run.many(sql.latestAudit, [limit], toAuditEntry)),
  };
}

function sqlNotificationPreferences(run: Statements, sql: HostSql): NotificationPreferenceStore {
  return {
    preferencesOf: (userId) => run.one(sql.preferencesOf, [userId], toNotificationPreferences),
    set: async (preferences) =>
      void (await run.rows(
        sql.setPreferences,
        preferencesParams({ ...preferences, optedOut: normalizedOptOuts(preferences.optedOut) }),
      )),
    optOut: async (userId, kind) => {
      const stored = await run.one(
        sql.optOut,
        [userId, defaultPreferences(userId).language, kind],
        toNotificationPreferences,
      );
      if (!stored) throw new Error('the opt-out returned no row');
      return stored;
    },
  };
}
