import type { Chat, ChatEvents, Parties } from '@jyotishconnect/chat-core';
import type { UserEnvelope } from './event-encoder.js';

/** Publishes an envelope to every connection of a user, in any process; failures go to the host's error sink. */
export type PublishToUser = (userId: string, envelope: UserEnvelope) => void;

/**
 * Forwards chat events to the participants they concern: conversation events
 * to both, typing only to the other one. Returns the detach function.
 */
export function forwardChatEvents(chat: Chat, publish: PublishToUser): () => void {
  const toBoth = (event: string, parties: Parties, data: unknown) => {
    // Tagged with the conversation, so a connection resuming it holds the event back until the replay is done.
    const envelope = { event, data, conversationId: parties.conversationId };
    publish(parties.userId, envelope);
    publish(parties.consultantId, envelope);
  };
  const listeners: { [E in keyof ChatEvents]?: ChatEvents[E] } = {
    'message.created': (message, parties) => toBoth('message.created', parties, message),
    'message.updated': (message, parties) => toBoth('message.updated', parties, message),
    reaction: (event, parties) => toBoth('message.reaction', parties, event),
    read: (receipt, parties) => toBoth('message.read', parties, receipt),
    typing: (event, parties) =>
      publish(event.participantId === parties.userId ? parties.consultantId : parties.userId, {
        event: 'typing',
        data: event,
      }),
    // The birth-details card changed: a consultant deciding on a request sees it as it arrives.
    'conversation.updated': (conversation) => {
      const envelope = { event: 'conversation.updated', data: conversation };
      publish(conversation.userId, envelope);
      publish(conversation.consultantId, envelope);
    },
  };
  for (const [event, listener] of Object.entries(listeners)) chat.on(event as keyof ChatEvents, listener as never);
  return () => {
    for (const [event, listener] of Object.entries(listeners)) chat.off(event as keyof ChatEvents, listener as never);
  };
}
