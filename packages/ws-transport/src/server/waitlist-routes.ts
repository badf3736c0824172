import type { BillingEvents, QueuePosition, Session } from '@jyotishconnect/billing-engine';
import type { ConsultationBilling } from './billing-port.js';
import type { RouteTable } from './routes.js';

type Relay = (userId: string, event: string, data: unknown) => Promise<void>;

/** What a waiting user sees: their place in line, and the slot offered to them (only ever to them). */
export interface WaitlistView {
  /** Their place in line, or `null` when they wait nowhere. */
  readonly waiting: QueuePosition | null;
  /** The slot offered to them (status `offered`, until `requestExpiresAt`), or `null`. */
  readonly offer: Session | null;
}

/** The caller's own waitlist view; nobody reads another user's. */
export async function waitlistViewOf(billing: ConsultationBilling, userId: string): Promise<WaitlistView> {
  const [waiting, open] = await Promise.all([billing.waitlistPosition(userId), billing.openSessionOf(userId)]);
  return { waiting, offer: open?.status === 'offered' ? open : null };
}

/**
 * Request handlers for the waitlist: every frame acts for the connected
 * user, and the engine refuses an offer taken or passed by anyone else.
 */
export function waitlistRoutes(billing: ConsultationBilling): RouteTable {
  return {
    'waitlist.join': async (connection, frame) =>
      await billing.joinWaitlist({
        userId: connection.user.id,
        consultantId: frame.consultantId,
        service: frame.serviceType,
      }),
    'waitlist.leave': async (connection) => ({ left: await billing.leaveWaitlist(connection.user.id) }),
    'waitlist.status': async (connection) => await waitlistViewOf(billing, connection.user.id),
    'waitlist.take': async (connection, frame) => await billing.takeOffer(frame.sessionId, connection.user.id),
    'waitlist.pass': async (connection, frame) => await billing.passOffer(frame.sessionId, connection.user.id),
  };
}

/**
 * Tells waiting users what moved: `waitlist.offer` (the session offered, with
 * its `requestExpiresAt`) to the one user offered a slot, and
 * `waitlist.position` to each user still in a queue that changed. Returns the
 * detach function.
 */
export function forwardWaitlistEvents(billing: ConsultationBilling, relay: Relay): () => void {
  const quietly = (userId: string, event: string, data: unknown) =>
    void relay(userId, event, data).catch(() => undefined);
  const offered: BillingEvents['waitlist.offered'] = (session) => quietly(session.userId, 'waitlist.offer', session);
  const changed: BillingEvents['waitlist.changed'] = ({ consultantId }) => {
    void billing
      .waitlistOf(consultantId)
      .then((queue) => {
        for (const position of queue) quietly(position.entry.userId, 'waitlist.position', position);
      })
      .catch(() => undefined); // the next change sends fresh positions
  };
  billing.on('waitlist.offered', offered);
  billing.on('waitlist.changed', changed);
  return () => {
    billing.off('waitlist.offered', offered);
    billing.off('waitlist.changed', changed);
  };
}
