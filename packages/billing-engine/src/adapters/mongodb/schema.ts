import { createMissingCollections, int64CollectionOptions } from '@jyotishconnect/core/mongodb';
import type { Collection, Db } from 'mongodb';
import type { ConsultantLockDoc, CounterDoc, SessionDoc, WaitlistDoc } from './documents.js';

/** The billing collections of one store. */
export interface BillingCollections {
  readonly sessions: Collection<SessionDoc>;
  readonly waitlist: Collection<WaitlistDoc>;
  readonly counters: Collection<CounterDoc>;
  readonly locks: Collection<ConsultantLockDoc>;
}

/** A partial index holding open sessions only: a read that must not walk the ended ones is hinted to it. */
export const OPEN_SESSIONS_INDEX = 'open_consultant';

/** Opens the collections named `prefix + name`, keeping int64 fields as `Long`. */
export function billingCollections(db: Db, prefix: string): BillingCollections {
  return {
    sessions: db.collection<SessionDoc>(`${prefix}sessions`, int64CollectionOptions),
    waitlist: db.collection<WaitlistDoc>(`${prefix}waitlist`, int64CollectionOptions),
    counters: db.collection<CounterDoc>(`${prefix}counters`, int64CollectionOptions),
    locks: db.collection<ConsultantLockDoc>(`${prefix}consultant_locks`, int64CollectionOptions),
  };
}

/**
 * Creates the collections and indexes, idempotently: one open session per
 * user (a partial unique index while `open`), a consultant's open sessions,
 * lapsed leases, and the waitlist in join order.
 */
export async function migrateBillingCollections(db: Db, c: BillingCollections): Promise<void> {
  await createMissingCollections(db, Object.values(c));
  const { sessions, waitlist } = c;
  await sessions.createIndex(
    { userId: 1 },
    { unique: true, partialFilterExpression: { open: true }, name: 'open_user' },
  );
  await sessions.createIndex(
    { consultantId: 1 },
    { partialFilterExpression: { open: true }, name: OPEN_SESSIONS_INDEX },
  );
  await sessions.createIndex({ leaseUntil: 1, _id: 1 }, { partialFilterExpression: { open: true }, name: 'lease' });
  await sessions.createIndex({ userId: 1, acceptedAt: 1 }, { name: 'user_accepted' });
  // Reports read the sessions accepted in a window.
  await sessions.createIndex({ acceptedAt: 1 }, { name: 'accepted_at' });
  await waitlist.createIndex({ userId: 1 }, { unique: true, name: 'user' });
  await waitlist.createIndex({ consultantId: 1, seq: 1 }, { name: 'queue' });
}
