import {
  createChat,
  type Message,
  type Participant,
  type PolicyInput,
  type ReadReceipt,
} from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { createFixture, expectRejected } from '@jyotishconnect/chat-core/testing';
import { describe, expect, it } from 'vitest';

describe('chat events', () => {
  it('message events fire once per stored change, never for replays', async () => {
    const fixture = await createFixture(createMemoryChatStore());
    const { chat, user, consultant } = fixture;
    const conversationId = fixture.conversation.id;
    const log: string[] = [];
    chat.on('message.created', (message: Message) => log.push(`created ${message.seq}`));
    chat.on('message.updated', (message: Message) => log.push(`updated ${message.seq} ${message.deletedAt !== null}`));
    chat.on('reaction', (event) => log.push(`reaction ${event.side} ${event.emoji}`));
    chat.on('read', (receipt: ReadReceipt) => log.push(`read ${receipt.side} ${receipt.seq}`));
    const input = { conversationId, clientMessageId: 'a', text: 'hi' };
    await chat.send(user, input);
    await chat.send(user, input);
    await chat.edit(user, { conversationId, seq: 1, text: 'hello' });
    await chat.react(consultant, { conversationId, seq: 1, emoji: '🙏' });
    await chat.react(consultant, { conversationId, seq: 1, emoji: '🙏' });
    await chat.markRead(consultant, { conversationId, seq: 1 });
    await chat.markRead(consultant, { conversationId, seq: 1 });
    await chat.deleteMessage(user, { conversationId, seq: 1 });
    await chat.deleteMessage(user, { conversationId, seq: 1 });
    expect(log).toEqual([
      'created 1',
      'updated 1 false',
      'reaction consultant 🙏',
      'read consultant 1',
      'updated 1 true',
    ]);
  });
});

describe('chat configuration and callers', () => {
  it('a bad option is refused naming the field', () => {
    expect(() => createChat({ store: createMemoryChatStore(), maxLength: 0 })).toThrow(/maxLength/);
    expect(() => createChat({ store: createMemoryChatStore(), editWindowMs: -1 })).toThrow(/editWindowMs/);
  });

  it('a malformed caller is INVALID_INPUT, not a crash', async () => {
    const fixture = await createFixture(createMemoryChatStore());
    const send = (caller: unknown) => () =>
      fixture.chat.send(caller as Participant, {
        conversationId: fixture.conversation.id,
        clientMessageId: 'x',
        text: 'hi',
      });
    await expectRejected(fixture, send({ id: fixture.user.id, role: 'owner' }), 'INVALID_INPUT', 'caller.role');
    await expectRejected(fixture, send({ id: '', role: 'user' }), 'INVALID_INPUT', 'caller.id');
    await expectRejected(fixture, send(null), 'INVALID_INPUT', 'caller.id');
  });

  it('an async policy screens edits as well as sends', async () => {
    const seen: PolicyInput[] = [];
    const fixture = await createFixture(createMemoryChatStore(), {
      policy: async (input) => {
        seen.push(input);
        return input.text.includes('secret') ? { action: 'reject', reason: 'no secrets' } : { action: 'allow' };
      },
    });
    const conversationId = fixture.conversation.id;
    await fixture.chat.send(fixture.user, { conversationId, clientMessageId: 'a', text: 'hi' });
    const edit = () => fixture.chat.edit(fixture.user, { conversationId, seq: 1, text: 'the secret' });
    await expectRejected(fixture, edit, 'POLICY_REJECTED');
    expect(seen.map((input) => input.action)).toEqual(['send', 'edit']);
  });

  it('a redaction that leaves nothing is a rejection', async () => {
    const fixture = await createFixture(createMemoryChatStore(), {
      policy: () => ({ action: 'redact', text: '  ', reason: 'all gone' }),
    });
    const send = () =>
      fixture.chat.send(fixture.user, { conversationId: fixture.conversation.id, clientMessageId: 'a', text: 'x' });
    await expectRejected(fixture, send, 'POLICY_REJECTED');
  });
});
