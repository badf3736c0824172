import {
  createMissingCollections,
  fromInt64,
  int64,
  int64CollectionOptions,
  isDuplicateKey,
} from '@jyotishconnect/core/mongodb';
import type { Collection, Db, Document, Filter, Long, WithId } from 'mongodb';
import type {
  AuditEntry,
  AutoRecharge,
  ConsultantProfile,
  HostStore,
  InsertResult,
  OrderRecord,
  PayoutRecord,
  RatingRecord,
  SessionRef,
  UserRecord,
  UserRole,
} from './port.js';
import { emailKey, STARS } from './rules.js';

// Every integer that can outgrow int32 (paise, epoch milliseconds) is an int64 `Long`,
// never a BSON double; collections read with `promoteLongs: false`, so each one is
// decoded (and checked to be a safe integer) below.

type Service = keyof ConsultantProfile['rates'];
const SERVICES = ['chat', 'voice', 'video'] as const satisfies readonly Service[];

interface UserDoc {
  _id: string;
  name: string;
  email: string;
  /** {@link emailKey} of `email`: unique. */
  emailKey: string;
  role: UserRole;
  passwordHash: string;
  frozen: boolean;
  createdAt: Long;
}

interface ProfileDoc {
  _id: string;
  bio: string;
  specialities: string[];
  languages: string[];
  rates: { [K in Service]?: Long };
  online: boolean;
}

interface SessionDoc {
  _id: string;
  userId: string;
  consultantId: string;
  requestedAt: Long;
}

interface OrderDoc {
  _id: string;
  userId: string;
  amount: Long;
  status: OrderRecord['status'];
  eventId: string | null;
  createdAt: Long;
}

interface PayoutDoc {
  _id: string;
  consultantId: string;
  amount: Long;
  status: PayoutRecord['status'];
  createdAt: Long;
}

interface RatingDoc {
  _id: string;
  /** Unique: one rating per session. */
  sessionId: string;
  userId: string;
  consultantId: string;
  stars: number;
  review: string | null;
  hidden: boolean;
  createdAt: Long;
}

interface AutoRechargeDoc {
  /** The user id. */
  _id: string;
  threshold: Long;
  amount: Long;
}

interface AuditDoc {
  _id: string;
  actorId: string;
  action: string;
  target: string;
  details: Document;
  createdAt: Long;
}

interface Collections {
  readonly users: Collection<UserDoc>;
  readonly profiles: Collection<ProfileDoc>;
  readonly sessions: Collection<SessionDoc>;
  readonly orders: Collection<OrderDoc>;
  readonly payouts: Collection<PayoutDoc>;
  readonly ratings: Collection<RatingDoc>;
  readonly autoRecharge: Collection<AutoRechargeDoc>;
  readonly audit: Collection<AuditDoc>;
}

const AFTER = { returnDocument: 'after' } as const;
const NEWEST_SESSION_FIRST = { requestedAt: -1, _id: -1 } as const;
const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

/** Runs an insert; a unique index (the `_id` or another) that already holds the key makes it `duplicate`. */
async function inserted(insert: () => Promise<unknown>): Promise<InsertResult> {
  try {
    await insert();
    return 'created';
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate';
    throw error;
  }
}

/** `limit` rows, as SQL's LIMIT does; MongoDB reads `limit(0)` as "no limit". */
function positive(limit: number): boolean {
  return limit > 0;
}

const user = (d: WithId<UserDoc>): UserRecord => ({
  id: d._id,
  name: d.name,
  email: d.email,
  role: d.role,
  passwordHash: d.passwordHash,
  frozen: d.frozen,
  createdAt: fromInt64(d.createdAt),
});

const profile = (d: WithId<ProfileDoc>): ConsultantProfile => {
  const rates: { [K in Service]?: number } = {};
  for (const service of SERVICES) {
    const rate = d.rates[service];
    if (rate !== undefined && rate !== null) rates[service] = fromInt64(rate);
  }
  return {
    consultantId: d._id,
    bio: d.bio,
    specialities: d.specialities,
    languages: d.languages,
    rates,
    online: d.online,
  };
};

const profileDoc = (p: ConsultantProfile): Omit<ProfileDoc, '_id'> => {
  const rates: ProfileDoc['rates'] = {};
  for (const service of SERVICES) {
    const rate = p.rates[service];
    if (rate !== undefined) rates[service] = int64(rate);
  }
  return {
    bio: p.bio,
    specialities: [...p.specialities],
    languages: [...p.languages],
    rates,
    online: p.online,
  };
};

const session = (d: WithId<SessionDoc>): SessionRef => ({
  id: d._id,
  userId: d.userId,
  consultantId: d.consultantId,
  requestedAt: fromInt64(d.requestedAt),
});

const order = (d: WithId<OrderDoc>): OrderRecord => ({
  id: d._id,
  userId: d.userId,
  amount: fromInt64(d.amount),
  status: d.status,
  eventId: d.eventId ?? null,
  createdAt: fromInt64(d.createdAt),
});

const rating = (d: WithId<RatingDoc>): RatingRecord => ({
  id: d._id,
  sessionId: d.sessionId,
  userId: d.userId,
  consultantId: d.consultantId,
  stars: d.stars,
  review: d.review ?? null,
  hidden: d.hidden,
  createdAt: fromInt64(d.createdAt),
});

const audit = (d: WithId<AuditDoc>): AuditEntry => ({
  id: d._id,
  actorId: d.actorId,
  action: d.action,
  target: d.target,
  details: d.details,
  createdAt: fromInt64(d.createdAt),
});

/**
 * A {@link HostStore} on MongoDB through the official driver. Each method is
 * one single-document operation (as each SQL method is one statement), so no
 * transaction is needed; the uniqueness rules are unique indexes: `_id` for
 * every id (users, sessions, orders, payouts, ratings, audit), the lower-cased
 * email, and one rating per session. Run {@link MongoHostStore.migrate} once first.
 */
export class MongoHostStore implements HostStore {
  readonly #db: Db;
  readonly #c: Collections;

  /** `prefix` starts every collection name; defaults to `jc_host_`. */
  constructor(db: Db, prefix = 'jc_host_') {
    this.#db = db;
    this.#c = {
      users: db.collection<UserDoc>(`${prefix}users`, int64CollectionOptions),
      profiles: db.collection<ProfileDoc>(`${prefix}profiles`, int64CollectionOptions),
      sessions: db.collection<SessionDoc>(`${prefix}sessions`, int64CollectionOptions),
      orders: db.collection<OrderDoc>(`${prefix}orders`, int64CollectionOptions),
      payouts: db.collection<PayoutDoc>(`${prefix}payouts`, int64CollectionOptions),
      ratings: db.collection<RatingDoc>(`${prefix}ratings`, int64CollectionOptions),
      autoRecharge: db.collection<AutoRechargeDoc>(`${prefix}auto_recharge`, int64CollectionOptions),
      audit: db.collection<AuditDoc>(`${prefix}audit`, int64CollectionOptions),
    };
  }

  /** Creates the collections and indexes; idempotent, safe with several processes starting at once. */
  async migrate(): Promise<void> {
    // The SQL table's CHECK on stars, as a validator (set when the collection is created).
    const validators = { [this.#c.ratings.collectionName]: { stars: { $gte: STARS.min, $lte: STARS.max } } };
    await createMissingCollections(this.#db, Object.values(this.#c), validators);
    const { users, sessions, ratings, audit } = this.#c;
    await users.createIndex({ emailKey: 1 }, { unique: true, name: 'email' });
    await sessions.createIndex(NEWEST_SESSION_FIRST, { name: 'requested' });
    await sessions.createIndex({ userId: 1, ...NEWEST_SESSION_FIRST }, { name: 'user_requested' });
    await sessions.createIndex({ consultantId: 1, ...NEWEST_SESSION_FIRST }, { name: 'consultant_requested' });
    await ratings.createIndex({ sessionId: 1 }, { unique: true, name: 'session' });
    await ratings.createIndex({ consultantId: 1, ...NEWEST_FIRST }, { name: 'consultant_created' });
    await ratings.createIndex(NEWEST_FIRST, { name: 'created' });
    await audit.createIndex(NEWEST_FIRST, { name: 'created' });
  }

  async insertUser(u: UserRecord): Promise<InsertResult> {
    return await inserted(() =>
      this.#c.users.insertOne({
        _id: u.id,
        name: u.name,
        email: u.email,
        emailKey: emailKey(u.email),
        role: u.role,
        passwordHash: u.passwordHash,
        frozen: u.frozen,
        createdAt: int64(u.createdAt),
      }),
    );
  }

  async userById(id: string): Promise<UserRecord | null> {
    const doc = await this.#c.users.findOne({ _id: id });
    return doc ? user(doc) : null;
  }

  async userByEmail(email: string): Promise<UserRecord | null> {
    const doc = await this.#c.users.findOne({ emailKey: emailKey(email) });
    return doc ? user(doc) : null;
  }

  async setFrozen(userId: string, frozen: boolean): Promise<UserRecord | null> {
    const doc = await this.#c.users.findOneAndUpdate({ _id: userId }, { $set: { frozen } }, AFTER);
    return doc ? user(doc) : null;
  }

  async upsertProfile(p: ConsultantProfile): Promise<void> {
    await this.#c.profiles.replaceOne({ _id: p.consultantId }, profileDoc(p), { upsert: true });
  }

  async profile(consultantId: string): Promise<ConsultantProfile | null> {
    const doc = await this.#c.profiles.findOne({ _id: consultantId });
    return doc ? profile(doc) : null;
  }

  async profiles(): Promise<ConsultantProfile[]> {
    return (await this.#c.profiles.find().sort({ _id: 1 }).toArray()).map(profile);
  }

  async setOnline(consultantId: string, online: boolean): Promise<ConsultantProfile | null> {
    const doc = await this.#c.profiles.findOneAndUpdate({ _id: consultantId }, { $set: { online } }, AFTER);
    return doc ? profile(doc) : null;
  }

  async recordSession(ref: SessionRef): Promise<void> {
    await inserted(() =>
      this.#c.sessions.insertOne({
        _id: ref.id,
        userId: ref.userId,
        consultantId: ref.consultantId,
        requestedAt: int64(ref.requestedAt),
      }),
    );
  }

  async sessions(participantId: string | null, limit: number): Promise<SessionRef[]> {
    if (!positive(limit)) return [];
    // Mirrors rules.isParticipant and rules.newestSessionFirst.
    const filter: Filter<SessionDoc> =
      participantId === null ? {} : { $or: [{ userId: participantId }, { consultantId: participantId }] };
    const docs = await this.#c.sessions.find(filter).sort(NEWEST_SESSION_FIRST).limit(limit).toArray();
    return docs.map(session);
  }

  async insertOrder(o: OrderRecord): Promise<InsertResult> {
    return await inserted(() =>
      this.#c.orders.insertOne({
        _id: o.id,
        userId: o.userId,
        amount: int64(o.amount),
        status: o.status,
        eventId: o.eventId,
        createdAt: int64(o.createdAt),
      }),
    );
  }

  async order(id: string): Promise<OrderRecord | null> {
    const doc = await this.#c.orders.findOne({ _id: id });
    return doc ? order(doc) : null;
  }

  async markOrderPaid(id: string, eventId: string): Promise<OrderRecord | null> {
    // rules.paidOrder: an order already paid keeps its first event.
    await this.#c.orders.updateOne({ _id: id, status: { $ne: 'paid' } }, { $set: { status: 'paid', eventId } });
    return await this.order(id);
  }

  async insertPayout(p: PayoutRecord): Promise<InsertResult> {
    return await inserted(() =>
      this.#c.payouts.insertOne({
        _id: p.id,
        consultantId: p.consultantId,
        amount: int64(p.amount),
        status: p.status,
        createdAt: int64(p.createdAt),
      }),
    );
  }

  async insertRating(r: RatingRecord): Promise<InsertResult> {
    return await inserted(() =>
      this.#c.ratings.insertOne({
        _id: r.id,
        sessionId: r.sessionId,
        userId: r.userId,
        consultantId: r.consultantId,
        stars: r.stars,
        review: r.review,
        hidden: r.hidden,
        createdAt: int64(r.createdAt),
      }),
    );
  }

  async ratingOfSession(sessionId: string): Promise<RatingRecord | null> {
    const doc = await this.#c.ratings.findOne({ sessionId });
    return doc ? rating(doc) : null;
  }

  async ratings(consultantId: string | null): Promise<RatingRecord[]> {
    const filter: Filter<RatingDoc> = consultantId === null ? {} : { consultantId };
    return (await this.#c.ratings.find(filter).sort(NEWEST_FIRST).toArray()).map(rating);
  }

  async setReviewHidden(ratingId: string, hidden: boolean): Promise<RatingRecord | null> {
    const doc = await this.#c.ratings.findOneAndUpdate({ _id: ratingId }, { $set: { hidden } }, AFTER);
    return doc ? rating(doc) : null;
  }

  async setAutoRecharge(userId: string, setting: AutoRecharge | null): Promise<void> {
    if (!setting) {
      await this.#c.autoRecharge.deleteOne({ _id: userId });
      return;
    }
    await this.#c.autoRecharge.replaceOne(
      { _id: userId },
      { threshold: int64(setting.threshold), amount: int64(setting.amount) },
      { upsert: true },
    );
  }

  async autoRecharge(userId: string): Promise<AutoRecharge | null> {
    const doc = await this.#c.autoRecharge.findOne({ _id: userId });
    return doc ? { userId, threshold: fromInt64(doc.threshold), amount: fromInt64(doc.amount) } : null;
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.#c.audit.insertOne({
      _id: e.id,
      actorId: e.actorId,
      action: e.action,
      target: e.target,
      // The JSON form, as the SQL store's jsonb column keeps it (no undefined, Dates as strings).
      details: JSON.parse(JSON.stringify(e.details)) as Document,
      createdAt: int64(e.createdAt),
    });
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    if (!positive(limit)) return [];
    return (await this.#c.audit.find().sort(NEWEST_FIRST).limit(limit).toArray()).map(audit);
  }

  /** Nothing to release: the client is closed by its owner. */
  async close(): Promise<void> {}
}
