import type { BillingEvents, Session } from '@jyotishconnect/billing-engine';
import type { ConsultationBilling } from './billing-port.js';
import type { Connection } from './connection.js';
import type { RouteTable } from './routes.js';
import { TransportError } from './transport-error.js';

type Relay = (userId: string, event: string, data: unknown) => Promise<void>;

/** Request handlers for consultation lifecycle and WebRTC call-signaling frames. */
export function billingRoutes(billing: ConsultationBilling, relay: Relay): RouteTable {
  return {
    // The conversation is opened and linked on `session.requested` (see consultation-chat.ts).
    'consultation.request': async (connection, frame) =>
      await billing.request({
        userId: connection.user.id,
        consultantId: frame.consultantId,
        service: frame.serviceType,
      }),
    'consultation.accept': async (connection, frame) => await billing.accept(frame.sessionId, connection.user.id),
    'consultation.reject': async (connection, frame) => await billing.reject(frame.sessionId, connection.user.id),
    'consultation.cancel': async (connection, frame) => await billing.cancel(frame.sessionId, connection.user.id),
    'consultation.end': async (connection, frame) => await billing.end(frame.sessionId, connection.user.id),
    // The engine lets only the session's consultant offer, and only its user accept what was offered.
    'consultation.offerService': async (connection, frame) =>
      await billing.offerService(frame.sessionId, connection.user.id, frame.serviceType),
    'consultation.acceptService': async (connection, frame) =>
      await billing.acceptService(frame.sessionId, connection.user.id, frame.serviceType),
    'consultation.declineService': async (connection, frame) =>
      await billing.declineService(frame.sessionId, connection.user.id, frame.serviceType),
    'call.offer': async (connection, frame) =>
      await signal(billing, relay, connection, frame.sessionId, 'call.offer', { sdp: frame.sdp }),
    'call.answer': async (connection, frame) =>
      await signal(billing, relay, connection, frame.sessionId, 'call.answer', { sdp: frame.sdp }),
    'call.ice': async (connection, frame) =>
      await signal(billing, relay, connection, frame.sessionId, 'call.ice', { candidate: frame.candidate }),
    'call.hangup': async (connection, frame) => {
      await signal(billing, relay, connection, frame.sessionId, 'call.hangup', {});
      // Hanging up a paid call ends its billed session.
      return await billing.end(frame.sessionId, connection.user.id);
    },
  };
}

/**
 * Relays a signaling message to the other participant, only within a running
 * voice or video session the sender takes part in.
 */
async function signal(
  billing: ConsultationBilling,
  relay: Relay,
  connection: Connection,
  sessionId: string,
  event: string,
  payload: Record<string, unknown>,
): Promise<{ relayed: true }> {
  const { user } = connection;
  const session = await billing.getSession(sessionId, user.id);
  if (!session) throw new TransportError('SESSION_NOT_FOUND', `no session ${sessionId}`);
  if (session.service === 'chat') throw new TransportError('NOT_A_CALL', 'this consultation is a chat, not a call');
  if (session.status !== 'active' && session.status !== 'paused') {
    throw new TransportError('SESSION_NOT_ACTIVE', `the session is ${session.status}`);
  }
  const other = session.userId === user.id ? session.consultantId : session.userId;
  await relay(other, event, { sessionId, from: user.id, ...payload });
  return { relayed: true };
}

/** Forwards billing events to both participants; a call ends with its session. Returns the detach function. */
export function forwardBillingEvents(billing: ConsultationBilling, relay: Relay): () => void {
  const toBoth = (event: string, session: Session, data: unknown) => {
    void relay(session.userId, event, data).catch(() => undefined);
    void relay(session.consultantId, event, data).catch(() => undefined);
  };
  const listeners: { [E in keyof BillingEvents]?: BillingEvents[E] } = {
    'session.requested': (session) => toBoth('consultation.requested', session, session),
    'session.accepted': (session) => toBoth('consultation.accepted', session, session),
    'session.started': (session) => toBoth('consultation.started', session, session),
    'session.tick': (event) => toBoth('consultation.tick', event.session, event),
    'session.lowBalance': (event) => toBoth('consultation.lowBalance', event.session, event),
    'session.paused': (session) => toBoth('consultation.paused', session, session),
    'session.resumed': (session) => toBoth('consultation.resumed', session, session),
    // Only the user answers an offer; the consultant's own ack says it was made.
    'session.serviceOffered': (session) =>
      void relay(session.userId, 'consultation.serviceOffered', session).catch(() => undefined),
    // Only the consultant waits on an answer: the user declined it themselves.
    'session.serviceDeclined': (event) =>
      void relay(event.session.consultantId, 'consultation.serviceDeclined', event).catch(() => undefined),
    'session.serviceChanged': (session) => toBoth('consultation.serviceChanged', session, session),
    'session.ended': (event) => {
      toBoth('consultation.ended', event.session, event);
      if (event.session.service !== 'chat') toBoth('call.ended', event.session, { sessionId: event.session.id });
    },
  };
  for (const [event, listener] of Object.entries(listeners))
    billing.on(event as keyof BillingEvents, listener as never);
  return () => {
    for (const [event, listener] of Object.entries(listeners))
      billing.off(event as keyof BillingEvents, listener as never);
  };
}
