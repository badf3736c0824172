import { createChat, PresenceCounter, type PresenceEvent, type TypingEvent } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { createFixture, snapshot } from '@jyotishconnect/chat-core/testing';
import { describe, expect, it } from 'vitest';

describe('presence', () => {
  it('a second tab opening and closing never flips a participant offline', () => {
    const chat = createChat({ store: createMemoryChatStore() });
    const events: PresenceEvent[] = [];
    chat.on('presence', (event) => events.push(event));
    const user = { id: 'u1', role: 'user' } as const;
    const firstTab = chat.connect(user);
    const secondTab = chat.connect(user);
    firstTab();
    firstTab(); // releasing twice counts once
    expect(chat.isOnline('u1')).toBe(true);
    secondTab();
    expect(chat.isOnline('u1')).toBe(false);
    expect(events).toEqual([
      { participantId: 'u1', role: 'user', online: true },
      { participantId: 'u1', role: 'user', online: false },
    ]);
  });

  it('the counter tracks each participant separately', () => {
    const presence = new PresenceCounter();
    expect([presence.connect('a'), presence.connect('a'), presence.connect('b')]).toEqual([true, false, true]);
    expect([presence.connections('a'), presence.online().sort()]).toEqual([2, ['a', 'b']]);
    expect([presence.disconnect('a'), presence.disconnect('a'), presence.disconnect('a')]).toEqual([
      false,
      true,
      false,
    ]);
    expect(presence.isOnline('a')).toBe(false);
  });
});

describe('typing', () => {
  it('typing is relayed to the conversation and never stored', async () => {
    const fixture = await createFixture(createMemoryChatStore());
    const people = [fixture.user, fixture.consultant];
    const before = await snapshot(fixture.store, [fixture.conversation.id], people);
    const events: TypingEvent[] = [];
    fixture.chat.on('typing', (event, parties) => {
      expect(parties.consultantId).toBe(fixture.consultant.id);
      events.push(event);
    });
    await fixture.chat.typing(fixture.user, fixture.conversation.id, true);
    await fixture.chat.typing(fixture.user, fixture.conversation.id, false);
    expect(events.map((event) => [event.side, event.typing])).toEqual([
      ['user', true],
      ['user', false],
    ]);
    expect(await snapshot(fixture.store, [fixture.conversation.id], people)).toEqual(before);
  });
});
