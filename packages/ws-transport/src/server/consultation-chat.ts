import type { Session } from '@jyotishconnect/billing-engine';
import type { Chat, Participant, SystemEventType } from '@jyotishconnect/chat-core';
import type { ConsultationBilling } from './billing-port.js';

/** The participant system messages are posted as. */
const SYSTEM: Participant = { id: 'system:consultations', role: 'system' };

type Flat = Record<string, string | number | boolean | null>;

/**
 * Links each consultation to its conversation, in one place for REST and
 * WebSocket alike: when a session is requested its conversation is opened
 * (or found) and linked to it, and the session's lifecycle (requested,
 * started, low balance, ended) is posted as system messages, each once
 * (keyed by the session), whichever process sees the event. Returns the
 * function that stops it.
 */
export function linkConsultationsToChat(
  billing: Pick<ConsultationBilling, 'on' | 'off'>,
  chat: Chat,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  const post = (session: Session, type: SystemEventType, key: string, data: Flat) => {
    const parties = { userId: session.userId, consultantId: session.consultantId, sessionId: session.id };
    void chat
      .openConversation(SYSTEM, parties)
      .then((conversation) =>
        chat.postSystemMessage(SYSTEM, {
          conversationId: conversation.id,
          clientMessageId: `${session.id}:${key}`,
          type,
          sessionId: session.id,
          data,
        }),
      )
      .catch(onError);
  };
  const onRequested = (session: Session) =>
    post(session, 'session.requested', 'requested', { service: session.service, ratePerMinute: session.ratePerMinute });
  const onStarted = (session: Session) =>
    post(session, 'session.started', 'started', { ratePerMinute: session.ratePerMinute });
  const onLowBalance = ({ session, secondsLeft }: { session: Session; secondsLeft: number }) =>
    post(session, 'session.lowBalance', `lowBalance:${session.summary.intervals}`, { secondsLeft });
  const onEnded = ({ session }: { session: Session }) =>
    post(session, 'session.ended', 'ended', {
      reason: session.endReason,
      seconds: session.summary.secondsBilled,
      charged: session.summary.userCharged,
    });
  billing.on('session.requested', onRequested);
  billing.on('session.started', onStarted);
  billing.on('session.lowBalance', onLowBalance);
  billing.on('session.ended', onEnded);
  return () => {
    billing.off('session.requested', onRequested);
    billing.off('session.started', onStarted);
    billing.off('session.lowBalance', onLowBalance);
    billing.off('session.ended', onEnded);
  };
}
