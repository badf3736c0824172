import { fromInt64, int64 } from '@jyotishconnect/core/mongodb';
import type { Long } from 'mongodb';
import type { SessionRecord } from '../../session-record.js';
import type { WaitlistEntry } from '../../store.js';

// Every integer that can outgrow int32 (paise, epoch milliseconds, counters)
// is stored as an int64 `Long`, so no amount is ever a BSON double.

/** Record fields stored as int64. */
const INT_FIELDS = [
  'ratePerMinute',
  'commissionBps',
  'freeSeconds',
  'requestedAt',
  'requestExpiresAt',
  'acceptedAt',
  'pausedAt',
  'endedAt',
  'userAwaySince',
  'userBackAt',
  'consultantAwaySince',
  'consultantBackAt',
  'servedMs',
  'intervalIndex',
  'intervalStartedAt',
  'intervalPlannedMs',
  'closingIndex',
  'closingFromMs',
  'closingToMs',
  'closingPlannedMs',
  'nextIndex',
  'intervals',
  'userCharged',
  'promoCharged',
  'consultantShare',
  'commission',
  'version',
  'leaseUntil',
  'checkpointAt',
  'rateFromSeconds',
  'rateFromIndex',
  'previousRatePerMinute',
  'previousRateFromSeconds',
] as const satisfies ReadonlyArray<keyof SessionRecord>;

/** Record fields stored as they are (strings, booleans, nulls). */
const PLAIN_FIELDS = [
  'userId',
  'consultantId',
  'service',
  'source',
  'status',
  'endReason',
  'pauseReason',
  'lowBalance',
  'leaseOwner',
  'offeredService',
] as const satisfies ReadonlyArray<keyof SessionRecord>;

/** Fields added after documents were first written, with the value an older document means. */
const ADDED_LATER = {
  rateFromSeconds: 0,
  rateFromIndex: 0,
  previousRatePerMinute: 0,
  previousRateFromSeconds: 0,
} as const;

type IntField = (typeof INT_FIELDS)[number];
type PlainField = (typeof PLAIN_FIELDS)[number];

/** A session document: the record with int64 numbers, `_id` for its id, and `open` while not ended. */
export type SessionDoc = { _id: string; open: boolean } & { [K in IntField]: Long | null } & {
  [K in PlainField]: SessionRecord[K];
};

/** A waitlist document; `seq` orders a consultant's queue. */
export interface WaitlistDoc {
  _id: string;
  userId: string;
  consultantId: string;
  service: WaitlistEntry['service'];
  joinedAt: Long;
  seq: Long;
}

/** A named counter (the waitlist sequence). */
export interface CounterDoc {
  _id: string;
  value: Long;
}

/** A per-consultant document every insert writes, so racing inserts for one consultant conflict. */
export interface ConsultantLockDoc {
  _id: string;
  inserts: Long;
}

/** A session record as a document. */
export function encodeSession(session: SessionRecord): SessionDoc {
  const doc: Record<string, unknown> = { _id: session.id, open: session.status !== 'ended' };
  for (const field of INT_FIELDS) {
    const value = session[field];
    doc[field] = value === null ? null : int64(value);
  }
  for (const field of PLAIN_FIELDS) doc[field] = session[field];
  return doc as SessionDoc;
}

/**
 * A session document as a record; a field missing from a document written by
 * an older version reads as `null`, or as its {@link ADDED_LATER} value.
 */
export function decodeSession(doc: SessionDoc): SessionRecord {
  const record: Record<string, unknown> = { id: doc._id, ...ADDED_LATER };
  for (const field of PLAIN_FIELDS) record[field] = doc[field] ?? null;
  for (const field of INT_FIELDS) {
    const value = doc[field] ?? null;
    if (value !== null) record[field] = fromInt64(value);
    else if (!(field in ADDED_LATER)) record[field] = null;
  }
  return record as unknown as SessionRecord;
}

/** A waitlist document as an entry. */
export function decodeEntry(doc: WaitlistDoc): WaitlistEntry {
  return {
    id: doc._id,
    userId: doc.userId,
    consultantId: doc.consultantId,
    service: doc.service,
    joinedAt: fromInt64(doc.joinedAt),
  };
}
