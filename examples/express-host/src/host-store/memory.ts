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
} from './port.js';
import { emailKey, isParticipant, newestRatingFirst, newestSessionFirst, paidOrder } from './rules.js';

/** A {@link HostStore} in process memory: tests and `STORE=memory`. Nothing is kept. */
export class MemoryHostStore implements HostStore {
  readonly #users = new Map<string, UserRecord>();
  readonly #profiles = new Map<string, ConsultantProfile>();
  readonly #sessions = new Map<string, SessionRef>();
  readonly #orders = new Map<string, OrderRecord>();
  readonly #payouts = new Map<string, PayoutRecord>();
  readonly #ratings = new Map<string, RatingRecord>();
  readonly #autoRecharge = new Map<string, AutoRecharge>();
  readonly #audit: AuditEntry[] = [];

  async insertUser(user: UserRecord): Promise<InsertResult> {
    if (this.#users.has(user.id) || (await this.userByEmail(user.email))) return 'duplicate';
    this.#users.set(user.id, user);
    return 'created';
  }

  async userById(id: string): Promise<UserRecord | null> {
    return this.#users.get(id) ?? null;
  }

  async userByEmail(email: string): Promise<UserRecord | null> {
    const wanted = emailKey(email);
    for (const user of this.#users.values()) if (emailKey(user.email) === wanted) return user;
    return null;
  }

  async setFrozen(userId: string, frozen: boolean): Promise<UserRecord | null> {
    const user = this.#users.get(userId);
    if (!user) return null;
    const updated = { ...user, frozen };
    this.#users.set(userId, updated);
    return updated;
  }

  async upsertProfile(profile: ConsultantProfile): Promise<void> {
    this.#profiles.set(profile.consultantId, profile);
  }

  async profile(consultantId: string): Promise<ConsultantProfile | null> {
    return this.#profiles.get(consultantId) ?? null;
  }

  async profiles(): Promise<ConsultantProfile[]> {
    return [...this.#profiles.values()];
  }

  async setOnline(consultantId: string, online: boolean): Promise<ConsultantProfile | null> {
    const profile = this.#profiles.get(consultantId);
    if (!profile) return null;
    const updated = { ...profile, online };
    this.#profiles.set(consultantId, updated);
    return updated;
  }

  async recordSession(ref: SessionRef): Promise<void> {
    if (!this.#sessions.has(ref.id)) this.#sessions.set(ref.id, ref);
  }

  async sessions(participantId: string | null, limit: number): Promise<SessionRef[]> {
    return [...this.#sessions.values()]
      .filter((s) => isParticipant(s, participantId))
      .sort(newestSessionFirst)
      .slice(0, limit);
  }

  async insertOrder(order: OrderRecord): Promise<InsertResult> {
    if (this.#orders.has(order.id)) return 'duplicate';
    this.#orders.set(order.id, order);
    return 'created';
  }

  async order(id: string): Promise<OrderRecord | null> {
    return this.#orders.get(id) ?? null;
  }

  async markOrderPaid(id: string, eventId: string): Promise<OrderRecord | null> {
    const order = this.#orders.get(id);
    if (!order) return null;
    const paid = paidOrder(order, eventId);
    this.#orders.set(id, paid);
    return paid;
  }

  async insertPayout(payout: PayoutRecord): Promise<InsertResult> {
    if (this.#payouts.has(payout.id)) return 'duplicate';
    this.#payouts.set(payout.id, payout);
    return 'created';
  }

  async insertRating(rating: RatingRecord): Promise<InsertResult> {
    if (this.#ratings.has(rating.id) || (await this.ratingOfSession(rating.sessionId))) return 'duplicate';
    this.#ratings.set(rating.id, rating);
    return 'created';
  }

  async ratingOfSession(sessionId: string): Promise<RatingRecord | null> {
    for (const rating of this.#ratings.values()) if (rating.sessionId === sessionId) return rating;
    return null;
  }

  async ratings(consultantId: string | null): Promise<RatingRecord[]> {
    return [...this.#ratings.values()]
      .filter((r) => consultantId === null || r.consultantId === consultantId)
      .sort(newestRatingFirst);
  }

  async setReviewHidden(ratingId: string, hidden: boolean): Promise<RatingRecord | null> {
    const rating = this.#ratings.get(ratingId);
    if (!rating) return null;
    const updated = { ...rating, hidden };
    this.#ratings.set(ratingId, updated);
    return updated;
  }

  async setAutoRecharge(userId: string, setting: AutoRecharge | null): Promise<void> {
    if (setting) this.#autoRecharge.set(userId, setting);
    else this.#autoRecharge.delete(userId);
  }

  async autoRecharge(userId: string): Promise<AutoRecharge | null> {
    return this.#autoRecharge.get(userId) ?? null;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.#audit.push(entry);
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    return this.#audit.slice(-limit).reverse();
  }

  async close(): Promise<void> {}
}
