import type { OrderRecord, RatingRecord, SessionRef } from './port.js';

/*
 * The rules every HostStore adapter keeps. Memory applies them directly; the
 * database adapters translate them (a unique index, a WHERE clause, a sort
 * specification) and point here so the rules are read in one place.
 */

/** Emails are unique ignoring case: the key an adapter compares and indexes. */
export function emailKey(email: string): string {
  return email.toLowerCase();
}

/** A session belongs to a participant as its user or its consultant; `null` selects every session. */
export function isParticipant(session: SessionRef, participantId: string | null): boolean {
  return participantId === null || session.userId === participantId || session.consultantId === participantId;
}

/** Sessions are listed newest request first, then by id descending. */
export function newestSessionFirst(a: SessionRef, b: SessionRef): number {
  return b.requestedAt - a.requestedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Ratings are listed newest first. */
export function newestRatingFirst(a: RatingRecord, b: RatingRecord): number {
  return b.createdAt - a.createdAt;
}

/** Paying an order sets its status and event once; an order already paid keeps its first event. */
export function paidOrder(order: OrderRecord, eventId: string): OrderRecord {
  return order.status === 'paid' ? order : { ...order, status: 'paid', eventId };
}

/** Stars a rating may carry (the SQL table has the same CHECK). */
export const STARS = { min: 1, max: 5 } as const;
