import type { TypingEvent } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { createFixture, snapshot } from '@jyotishconnect/chat-core/testing';
import { describe, expect, it } from 'vitest';

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
