import { isDeepStrictEqual } from 'node:util';
import { fromInt64, int64, isDuplicateKey, snapshotTransactionOptions } from '@jyotishconnect/core/mongodb';
import type { Db, Long, MongoClient } from 'mongodb';
import type { BillingReportStore, ReportQuery, ReportRow } from '../../report.js';
import { updateInRounds } from '../../session-batch.js';
import { sessionCountsOf } from '../../session-counts.js';
import type { SessionRecord } from '../../session-record.js';
import type {
  BillingStore,
  ClaimQuery,
  EnqueueOutcome,
  InsertSessionOutcome,
  OpenSessionFilter,
  SessionCounts,
  WaitlistEntry,
} from '../../store.js';
import { decodeEntry, decodeSession, encodeSession } from './documents.js';
import { sessionReport } from './report.js';
import {
  type BillingCollections,
  billingCollections,
  migrateBillingCollections,
  OPEN_SESSIONS_INDEX,
} from './schema.js';

/** Options of {@link createMongoBillingStore}. */
export interface MongoBillingStoreOptions {
  /** A client of a replica set or sharded cluster: a new session's checks run in a transaction. */
  client: MongoClient;
  /** The database, or its name on `client`. */
  db: Db | string;
  /** Prefix of the collection names; defaults to `jc_billing_`. */
  collectionPrefix?: string;
}

/**
 * A {@link BillingStore} on MongoDB through the official driver. A session is
 * one document replaced by `updateOne({ _id, version })`; a partial unique
 * index on `userId` (while `open`) keeps one open session per user, and the
 * capacity check runs in a transaction that writes a per-consultant lock
 * document. Run {@link MongoBillingStore.migrate} once first.
 */
export class MongoBillingStore implements BillingStore, BillingReportStore {
  readonly #client: MongoClient;
  readonly #db: Db;
  readonly #c: BillingCollections;

  constructor(options: MongoBillingStoreOptions) {
    this.#client = options.client;
    this.#db = typeof options.db === 'string' ? options.client.db(options.db) : options.db;
    this.#c = billingCollections(this.#db, options.collectionPrefix ?? 'jc_billing_');
  }

  /** Creates the collections and indexes; idempotent, safe to run at every start. */
  async migrate(): Promise<void> {
    await migrateBillingCollections(this.#db, this.#c);
  }

  async insertSession(
    session: SessionRecord,
    limits: { readonly maxOpenPerConsultant: number },
  ): Promise<InsertSessionOutcome> {
    const { sessions, locks } = this.#c;
    const clientSession = this.#client.startSession();
    try {
      return await clientSession.withTransaction(async (tx): Promise<InsertSessionOutcome> => {
        const options = { session: tx, projection: { _id: 1 } };
        if (await sessions.findOne({ _id: session.id }, options)) return 'duplicate';
        if (session.status !== 'ended') {
          if (await sessions.findOne({ userId: session.userId, open: true }, options)) return 'user_busy';
          // Two inserts for one consultant both write its lock document: under snapshot
          // reads one fails with a WriteConflict and reruns, seeing the other's session.
          await locks.updateOne(
            { _id: session.consultantId },
            { $inc: { inserts: int64(1) } },
            { session: tx, upsert: true },
          );
          const open = await sessions.countDocuments(
            { consultantId: session.consultantId, open: true },
            { session: tx },
          );
          if (open >= limits.maxOpenPerConsultant) return 'consultant_busy';
        }
        await sessions.insertOne(encodeSession(session), { session: tx });
        return 'created';
      }, snapshotTransactionOptions);
    } catch (error) {
      // A racing insert of the same id, or of the same user's open session, committed first.
      if (!isDuplicateKey(error)) throw error;
      return (await this.getSession(session.id)) ? 'duplicate' : 'user_busy';
    } finally {
      await clientSession.endSession();
    }
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const doc = await this.#c.sessions.findOne({ _id: id });
    return doc ? decodeSession(doc) : null;
  }

  async updateSession(session: SessionRecord): Promise<boolean> {
    const { _id, ...fields } = encodeSession(session);
    const result = await this.#c.sessions.updateOne({ _id, version: int64(session.version - 1) }, { $set: fields });
    return result.matchedCount === 1;
  }

  async updateSessions(sessions: readonly SessionRecord[]): Promise<boolean[]> {
    return await updateInRounds(sessions, async (round) => {
      const updates = round.map((session) => {
        const { _id, ...fields } = encodeSession(session);
        return { updateOne: { filter: { _id, version: int64(session.version - 1) }, update: { $set: fields } } };
      });
      const { matchedCount } = await this.#c.sessions.bulkWrite(updates, { ordered: false });
      if (matchedCount === round.length) return round.map(() => true);
      // A bulk write counts matches but does not say which: a record was written when it is what is stored now.
      const stored = await this.#c.sessions.find({ _id: { $in: round.map((session) => session.id) } }).toArray();
      const byId = new Map(stored.map((doc) => [doc._id, decodeSession(doc)]));
      return round.map((session) => isDeepStrictEqual(byId.get(session.id), session));
    });
  }

  async openSessions(filter: OpenSessionFilter): Promise<SessionRecord[]> {
    const query = 'userId' in filter ? { userId: filter.userId } : { consultantId: filter.consultantId };
    const docs = await this.#c.sessions
      .find({ ...query, open: true })
      .sort({ requestedAt: 1, _id: 1 })
      .toArray();
    return docs.map(decodeSession);
  }

  async claimableSessions(query: ClaimQuery): Promise<SessionRecord[]> {
    const lapsed = { leaseUntil: { $lte: int64(query.now) } };
    const filter = query.owner === null ? lapsed : { $or: [lapsed, { leaseOwner: query.owner }] };
    const docs = await this.#c.sessions
      .find({ open: true, ...filter })
      .sort({ leaseUntil: 1, _id: 1 })
      .limit(query.limit)
      .toArray();
    return docs.map(decodeSession);
  }

  async countSessionsByState(): Promise<SessionCounts> {
    // The hint walks the partial index of open sessions, so ended ones are never read.
    const pipeline = [{ $match: { open: true } }, { $group: { _id: '$status', sessions: { $sum: 1 } } }];
    const docs = await this.#c.sessions
      .aggregate<{ _id: string; sessions: Long | number }>(pipeline, { hint: OPEN_SESSIONS_INDEX })
      .toArray();
    return sessionCountsOf(docs.map((doc) => [doc._id, fromInt64(doc.sessions)]));
  }

  async hasAcceptedSession(userId: string, consultantId?: string): Promise<boolean> {
    const filter = { userId, ...(consultantId === undefined ? {} : { consultantId }), acceptedAt: { $ne: null } };
    return (await this.#c.sessions.findOne(filter, { projection: { _id: 1 } })) !== null;
  }

  async enqueue(entry: WaitlistEntry): Promise<EnqueueOutcome> {
    const counter = await this.#c.counters.findOneAndUpdate(
      { _id: 'waitlist' },
      { $inc: { value: int64(1) } },
      { upsert: true, returnDocument: 'after' },
    );
    const seq = counter?.value ?? int64(0);
    for (;;) {
      try {
        const { id, joinedAt, ...rest } = entry;
        await this.#c.waitlist.insertOne({ _id: id, ...rest, joinedAt: int64(joinedAt), seq });
        return { status: 'created', entry };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await this.queueEntryOf(entry.userId);
        // The entry in the way left the queue a moment ago: try again.
        if (existing) return { status: 'queued', entry: existing };
      }
    }
  }

  async dequeue(entryId: string): Promise<boolean> {
    return (await this.#c.waitlist.deleteOne({ _id: entryId })).deletedCount === 1;
  }

  async queue(consultantId: string): Promise<WaitlistEntry[]> {
    const docs = await this.#c.waitlist.find({ consultantId }).sort({ seq: 1 }).toArray();
    return docs.map(decodeEntry);
  }

  async report(query: ReportQuery): Promise<ReportRow[]> {
    return await sessionReport(this.#c, query);
  }

  async queueEntryOf(userId: string): Promise<WaitlistEntry | null> {
    const doc = await this.#c.waitlist.findOne({ userId });
    return doc ? decodeEntry(doc) : null;
  }
}

/** Creates a billing store on MongoDB; call `migrate()` on it once before use. */
export function createMongoBillingStore(options: MongoBillingStoreOptions): MongoBillingStore {
  return new MongoBillingStore(options);
}
