import { type ConversationGate, createChat, type Participant } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { createFixture, expectRejected } from '@jyotishconnect/chat-core/testing';
import { describe, expect, it } from 'vitest';

/** A gate over a set of open consultations, as a host answers from its billing. */
function consultationGate(running: Set<string>): ConversationGate {
  return {
    mayOpen: ({ userId, consultantId }) => running.has(`${userId}/${consultantId}`),
    mayWrite: (_caller: Participant, parties) => running.has(`${parties.userId}/${parties.consultantId}`),
  };
}

describe("the host's conversation gate", () => {
  it('a pair with no consultation cannot open a conversation; the host still can', async () => {
    const chat = createChat({ store: createMemoryChatStore(), gate: consultationGate(new Set()) });
    const user = { id: 'u1', role: 'user' } as const;
    await expect(chat.openConversation(user, { userId: 'u1', consultantId: 'c1' })).rejects.toMatchObject({
      code: 'CONVERSATION_CLOSED',
    });
    const opened = await chat.openConversation({ id: 'host', role: 'system' }, { userId: 'u1', consultantId: 'c1' });
    expect(opened.userId).toBe('u1');
  });

  it('once the consultation is over, nobody writes, but the history stays readable', async () => {
    const consultation = { running: true };
    const gate: ConversationGate = { mayOpen: () => true, mayWrite: () => consultation.running };
    const fixture = await createFixture(createMemoryChatStore(), { gate });
    const { chat, user, consultant, host } = fixture;
    const conversationId = fixture.conversation.id;
    await chat.send(user, { conversationId, clientMessageId: 'a', text: 'Namaste' });
    consultation.running = false;
    const reply = () => chat.send(consultant, { conversationId, clientMessageId: 'b', text: 'free?' });
    await expectRejected(fixture, reply, 'CONVERSATION_CLOSED');
    await expectRejected(
      fixture,
      () => chat.edit(user, { conversationId, seq: 1, text: 'edited' }),
      'CONVERSATION_CLOSED',
    );
    await expectRejected(
      fixture,
      () => chat.react(consultant, { conversationId, seq: 1, emoji: '🙏' }),
      'CONVERSATION_CLOSED',
    );
    const history = await chat.history(consultant, conversationId);
    expect(history.messages.map((message) => message.text)).toEqual(['Namaste']);
    const ended = {
      conversationId,
      clientMessageId: 's:ended',
      type: 'session.ended',
      sessionId: 's',
      data: {},
    } as const;
    expect((await chat.postSystemMessage(host, ended)).seq).toBe(2);
  });
});
