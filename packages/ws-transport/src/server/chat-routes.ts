import type { Chat, Message } from '@jyotishconnect/chat-core';
import { PROTOCOL_VERSION } from '../frames.js';
import type { ClientFrameOf } from '../protocol.js';
import type { Connection } from './connection.js';
import type { RouteTable } from './routes.js';

const REPLAY_PAGE = 200;

/** What the chat routes need from the server around them. */
export interface ChatRouteContext {
  /** Sends an event to every connection of a user, in any process. */
  relay(userId: string, event: string, data: unknown): Promise<void>;
  /** A connection joined a conversation with `otherId`: deliver their presence changes here. */
  watchPresence(otherId: string): Promise<void>;
  /** A connection left a conversation with `otherId`. */
  unwatchPresence(otherId: string): Promise<void>;
  /** Whether a user has a connection open anywhere. */
  isOnline(userId: string): Promise<boolean>;
}

/** Request handlers for conversation and chat frames. */
export function chatRoutes(chat: Chat, context: ChatRouteContext): RouteTable {
  return {
    'conversation.open': async (connection, frame) => {
      const { user } = connection;
      const parties =
        user.role === 'consultant'
          ? { userId: frame.userId ?? '', consultantId: user.id }
          : { userId: user.id, consultantId: frame.consultantId ?? '' };
      return await chat.openConversation(user, parties);
    },
    'conversation.join': async (connection, frame) => await join(chat, context, connection, frame),
    'conversation.leave': async (connection, frame) => {
      const other = connection.joined.get(frame.conversationId);
      if (other !== undefined) {
        connection.joined.delete(frame.conversationId);
        await context.unwatchPresence(other);
      }
      return { left: frame.conversationId };
    },
    'chat.send': async (connection, frame) =>
      await chat.send(connection.user, {
        conversationId: frame.conversationId,
        clientMessageId: frame.clientMessageId,
        text: frame.text,
        ...(frame.replyTo === undefined ? {} : { replyTo: frame.replyTo }),
        ...(frame.attachment === undefined ? {} : { attachment: frame.attachment }),
      }),
    'chat.edit': async (connection, frame) =>
      await chat.edit(connection.user, { conversationId: frame.conversationId, seq: frame.seq, text: frame.text }),
    'chat.delete': async (connection, frame) =>
      await chat.deleteMessage(connection.user, { conversationId: frame.conversationId, seq: frame.seq }),
    'chat.react': async (connection, frame) =>
      await chat.react(connection.user, { conversationId: frame.conversationId, seq: frame.seq, emoji: frame.emoji }),
    'chat.read': async (connection, frame) =>
      await chat.markRead(connection.user, { conversationId: frame.conversationId, seq: frame.seq }),
    'chat.delivered': async (connection, frame) => {
      // Delivery is relayed, not stored: the read mark is the durable cursor.
      const conversation = await chat.getConversation(connection.user, frame.conversationId);
      const other = connection.user.id === conversation.userId ? conversation.consultantId : conversation.userId;
      const receipt = { conversationId: frame.conversationId, participantId: connection.user.id, seq: frame.seq };
      await context.relay(other, 'message.delivered', receipt);
      return receipt;
    },
    'chat.typing': async (connection, frame) => {
      await chat.typing(connection.user, frame.conversationId, frame.typing);
      return { typing: frame.typing };
    },
    'chat.history': async (connection, frame) =>
      await chat.history(connection.user, frame.conversationId, {
        ...(frame.before === undefined ? {} : { before: frame.before }),
        ...(frame.after === undefined ? {} : { after: frame.after }),
        ...(frame.limit === undefined ? {} : { limit: frame.limit }),
      }),
  };
}

/**
 * Joins a conversation: replays every message after `afterSeq` from the store
 * (the source of truth, so resume survives restarts and moves between
 * processes), holding live messages back until the replay is done.
 */
async function join(
  chat: Chat,
  context: ChatRouteContext,
  connection: Connection,
  frame: ClientFrameOf<'conversation.join'>,
): Promise<{ conversation: unknown; recovered: number; otherOnline: boolean }> {
  // Hold live messages before reading anything, so none slips between the read and the replay.
  connection.beginResume(frame.conversationId);
  let lastSeq = frame.afterSeq ?? 0;
  let recovered = 0;
  try {
    const conversation = await chat.getConversation(connection.user, frame.conversationId);
    if (frame.afterSeq === undefined) lastSeq = conversation.lastSeq;
    if (frame.afterSeq !== undefined) {
      for (;;) {
        const page = await chat.history(connection.user, conversation.id, { after: lastSeq, limit: REPLAY_PAGE });
        for (const message of page.messages) sendRecovered(connection, message);
        recovered += page.messages.length;
        lastSeq = page.messages.at(-1)?.seq ?? lastSeq;
        if (!page.hasMore) break;
      }
    }
    const other = connection.user.id === conversation.userId ? conversation.consultantId : conversation.userId;
    if (!connection.joined.has(conversation.id)) await context.watchPresence(other);
    connection.joined.set(conversation.id, other);
    const otherOnline = await context.isOnline(other);
    return { conversation, recovered, otherOnline };
  } finally {
    connection.endResume(frame.conversationId, lastSeq);
  }
}

function sendRecovered(connection: Connection, message: Message): void {
  connection.send({ v: PROTOCOL_VERSION, type: 'event', event: 'message.created', data: message, recovered: true });
}
