import { describe, expect, it } from 'vitest';
import type { ChatStore } from '../store.js';
import type { Participant } from '../types.js';
import { createFixture, expectRejected, sendMany } from './fixtures.js';

const BIRTH = {
  name: 'Asha Rao',
  dateOfBirth: '1990-05-12',
  timeOfBirth: '10:30',
  placeOfBirth: 'Pune, Maharashtra, India',
  question: 'When will I change jobs?',
};

/** Conversations, edits, reactions, history, receipts and authorization: part of the contract. */
export function conversationContract(fresh: () => Promise<ChatStore>): void {
  describe('conversations', () => {
    it('opening a conversation twice returns the same conversation, linking each session once', async () => {
      const fixture = await createFixture(await fresh());
      const { user, consultant, host, chat } = fixture;
      const pair = { userId: user.id, consultantId: consultant.id };
      await sendMany(fixture, 2);
      const again = await chat.openConversation(consultant, { ...pair, sessionId: 's1' });
      await chat.openConversation(host, { ...pair, sessionId: 's2' });
      const third = await chat.openConversation(user, { ...pair, sessionId: 's1' });
      expect(again.id).toBe(fixture.conversation.id);
      expect(third).toMatchObject({ id: fixture.conversation.id, lastSeq: 2, sessionIds: ['s1', 's2'] });
      await expectRejected(fixture, () => chat.openConversation(fixture.stranger, pair), 'NOT_A_PARTICIPANT');
      const self = { userId: user.id, consultantId: user.id };
      await expectRejected(fixture, () => chat.openConversation(user, self), 'INVALID_INPUT', 'consultantId');
    });

    it('a third person can neither read nor write the conversation', async () => {
      const fixture = await createFixture(await fresh());
      const { chat, stranger } = fixture;
      const conversationId = fixture.conversation.id;
      await sendMany(fixture, 1);
      const impostor = { id: fixture.user.id, role: 'consultant' as const };
      for (const who of [stranger, impostor]) {
        const attempts = [
          () => chat.getConversation(who, conversationId),
          () => chat.history(who, conversationId),
          () => chat.send(who, { conversationId, clientMessageId: 'x', text: 'hi' }),
          () => chat.edit(who, { conversationId, seq: 1, text: 'hi' }),
          () => chat.deleteMessage(who, { conversationId, seq: 1 }),
          () => chat.react(who, { conversationId, seq: 1, emoji: '👍' }),
          () => chat.markRead(who, { conversationId, seq: 1 }),
          () => chat.typing(who, conversationId, true),
          () => chat.attachBirthDetails(who, conversationId, BIRTH),
        ];
        for (const attempt of attempts) await expectRejected(fixture, attempt, 'NOT_A_PARTICIPANT');
      }
      const admin = { id: 'moderator', role: 'admin' as const };
      expect((await chat.history(admin, conversationId)).messages).toHaveLength(1);
      await expectRejected(
        fixture,
        () => chat.send(admin, { conversationId, clientMessageId: 'a', text: 'x' }),
        'NOT_A_PARTICIPANT',
      );
      await expectRejected(fixture, () => chat.history(fixture.user, 'missing'), 'CONVERSATION_NOT_FOUND');
    });

    it("a participant's conversations list newest activity first with last message and unread count", async () => {
      const store = await fresh();
      const first = await createFixture(store);
      const { chat, clock, user } = first;
      const consultants = ['a', 'b', 'c'].map((tag) => ({
        id: `${first.consultant.id}-${tag}`,
        role: 'consultant' as const,
      }));
      const ids: string[] = [];
      for (const consultant of consultants) {
        await clock.advance(1000);
        const conversation = await chat.openConversation(user, { userId: user.id, consultantId: consultant.id });
        ids.push(conversation.id);
        await chat.send(consultant, {
          conversationId: conversation.id,
          clientMessageId: 'hello',
          text: `from ${consultant.id}`,
        });
      }
      await clock.advance(1000);
      await chat.send(user, { conversationId: ids[0] as string, clientMessageId: 'u', text: 'me again' });
      const page = await chat.listConversations(user, { limit: 10 });
      expect(page.items.map((item) => item.conversation.id)).toEqual([ids[0], ids[2], ids[1], first.conversation.id]);
      expect(page.items.map((item) => item.unread)).toEqual([1, 1, 1, 0]);
      expect(page.items[0]?.lastMessage?.text).toBe('me again');
      expect(page.items[3]?.lastMessage).toBeNull();
      expect(page.nextCursor).toBeNull();
      const theirs = await chat.listConversations(consultants[0] as Participant);
      expect(theirs.items.map((item) => [item.conversation.id, item.unread])).toEqual([[ids[0], 1]]);
    });

    it('the conversation list pages by cursor without repeats or gaps', async () => {
      const fixture = await createFixture(await fresh());
      const { chat, user, clock } = fixture;
      const expected = [fixture.conversation.id];
      for (let i = 0; i < 6; i++) {
        if (i % 2 === 0) await clock.advance(10); // some share a timestamp: ties break by id
        const consultantId = `${fixture.consultant.id}-${i}`;
        expected.push((await chat.openConversation(user, { userId: user.id, consultantId })).id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await chat.listConversations(user, { limit: 2, cursor });
        seen.push(...page.items.map((item) => item.conversation.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen)).toEqual(new Set(expected));
      await expectRejected(fixture, () => chat.listConversations(user, { cursor: 'nope' }), 'INVALID_INPUT', 'cursor');
      await expectRejected(fixture, () => chat.listConversations(user, { limit: 0 }), 'INVALID_INPUT', 'limit');
    });

    it('the user attaches birth details the consultant can read; invalid ones are refused naming the field', async () => {
      const fixture = await createFixture(await fresh());
      const { chat, user, consultant } = fixture;
      const id = fixture.conversation.id;
      await chat.attachBirthDetails(user, id, { ...BIRTH, name: '  Asha Rao ' });
      expect((await chat.getConversation(consultant, id)).birthDetails).toEqual(BIRTH);
      const attach = (change: object) => () => chat.attachBirthDetails(user, id, { ...BIRTH, ...change });
      await expectRejected(fixture, attach({ dateOfBirth: '1990-02-30' }), 'INVALID_INPUT', 'dateOfBirth');
      await expectRejected(fixture, attach({ dateOfBirth: '2999-01-01' }), 'INVALID_INPUT', 'dateOfBirth');
      await expectRejected(fixture, attach({ timeOfBirth: '25:00' }), 'INVALID_INPUT', 'timeOfBirth');
      await expectRejected(fixture, attach({ placeOfBirth: ' ' }), 'INVALID_INPUT', 'placeOfBirth');
      await expectRejected(fixture, attach({ name: undefined }), 'INVALID_INPUT', 'name');
      await expectRejected(fixture, () => chat.attachBirthDetails(consultant, id, BIRTH), 'NOT_A_PARTICIPANT');
      const unknownTime = await chat.attachBirthDetails(user, id, { ...BIRTH, timeOfBirth: null, question: undefined });
      expect(unknownTime.birthDetails).toMatchObject({ timeOfBirth: null, question: '' });
    });
  });

  describe('changing messages', () => {
    it('the author edits and deletes within the window; the slot stays and shows as deleted', async () => {
      const fixture = await createFixture(await fresh(), { editWindowMs: 60_000 });
      const { chat, user, consultant, clock } = fixture;
      const conversationId = fixture.conversation.id;
      await sendMany(fixture, 3);
      await clock.advance(60_000);
      const edited = await chat.edit(user, { conversationId, seq: 1, text: ' fixed ' });
      expect(edited).toMatchObject({ text: 'fixed', editedAt: clock.now(), deletedAt: null });
      const deleted = await chat.deleteMessage(consultant, { conversationId, seq: 2 });
      expect(deleted).toMatchObject({ text: '', deletedAt: clock.now() });
      expect(await chat.deleteMessage(consultant, { conversationId, seq: 2 })).toEqual(deleted);
      const page = await chat.history(user, conversationId);
      expect(page.messages.map((m) => [m.seq, m.text, m.deletedAt !== null])).toEqual([
        [1, 'fixed', false],
        [2, '', true],
        [3, 'm 2', false],
      ]);
      await clock.advance(1);
      const edit = (seq: number) => () => chat.edit(user, { conversationId, seq, text: 'late' });
      await expectRejected(fixture, edit(3), 'EDIT_WINDOW_CLOSED');
      await expectRejected(fixture, () => chat.deleteMessage(user, { conversationId, seq: 3 }), 'EDIT_WINDOW_CLOSED');
      await expectRejected(
        fixture,
        () => chat.edit(consultant, { conversationId, seq: 2, text: 'x' }),
        'MESSAGE_DELETED',
      );
      await expectRejected(fixture, edit(2), 'NOT_THE_AUTHOR');
      await expectRejected(fixture, edit(9), 'MESSAGE_NOT_FOUND');
      await expectRejected(
        fixture,
        () => chat.edit(user, { conversationId, seq: 1, text: ' ' }),
        'INVALID_INPUT',
        'text',
      );
    });

    it('each participant has at most one reaction per message', async () => {
      const fixture = await createFixture(await fresh());
      const { chat, user, consultant } = fixture;
      const conversationId = fixture.conversation.id;
      await sendMany(fixture, 2);
      await chat.react(user, { conversationId, seq: 1, emoji: '👍' });
      await chat.react(user, { conversationId, seq: 1, emoji: '🙏' });
      const both = await chat.react(consultant, { conversationId, seq: 1, emoji: '❤️' });
      expect(both.reactions).toEqual({ user: '🙏', consultant: '❤️' });
      expect((await chat.react(user, { conversationId, seq: 1, emoji: null })).reactions).toEqual({
        user: null,
        consultant: '❤️',
      });
      await chat.deleteMessage(consultant, { conversationId, seq: 2 });
      const react = (seq: number, emoji: string | null) => () => chat.react(user, { conversationId, seq, emoji });
      await expectRejected(fixture, react(2, '👍'), 'MESSAGE_DELETED');
      await expectRejected(fixture, react(3, '👍'), 'MESSAGE_NOT_FOUND');
      await expectRejected(fixture, react(1, 'hello'), 'INVALID_INPUT', 'emoji');
    });
  });

  describe('history and receipts', () => {
    it('history pages backwards with before and forwards with after', async () => {
      const fixture = await createFixture(await fresh());
      const { chat, user } = fixture;
      const id = fixture.conversation.id;
      await sendMany(fixture, 7);
      const seqs = (page: { messages: readonly { seq: number }[] }) => page.messages.map((m) => m.seq);
      const latest = await chat.history(user, id, { limit: 3 });
      expect([seqs(latest), latest.hasMore]).toEqual([[5, 6, 7], true]);
      const older = await chat.history(user, id, { before: 5, limit: 3 });
      expect([seqs(older), older.hasMore]).toEqual([[2, 3, 4], true]);
      const oldest = await chat.history(user, id, { before: 2, limit: 3 });
      expect([seqs(oldest), oldest.hasMore]).toEqual([[1], false]);
      const resume = await chat.history(user, id, { after: 4, limit: 2 });
      expect([seqs(resume), resume.hasMore]).toEqual([[5, 6], true]);
      const tail = await chat.history(user, id, { after: 6, limit: 2 });
      expect([seqs(tail), tail.hasMore]).toEqual([[7], false]);
      expect(seqs(await chat.history(user, id, { after: 7 }))).toEqual([]);
      const both = () => chat.history(user, id, { before: 3, after: 1 });
      await expectRejected(fixture, both, 'INVALID_INPUT', 'after');
      await expectRejected(fixture, () => chat.history(user, id, { limit: 201 }), 'INVALID_INPUT', 'limit');
      await expectRejected(fixture, () => chat.history(user, ''), 'INVALID_INPUT', 'conversationId');
    });

    it('read marks only move forward and drive unread counts', async () => {
      const fixture = await createFixture(await fresh());
      const { chat, user, consultant } = fixture;
      const conversationId = fixture.conversation.id;
      await sendMany(fixture, 6); // user sends 1, 3, 5; consultant 2, 4, 6
      const unread = async (who: typeof user) => (await chat.listConversations(who)).items[0]?.unread;
      expect([await unread(user), await unread(consultant)]).toEqual([3, 3]);
      expect(await chat.markRead(user, { conversationId, seq: 4 })).toEqual({ user: 4, consultant: 0 });
      expect(await chat.markRead(user, { conversationId, seq: 2 })).toEqual({ user: 4, consultant: 0 });
      await chat.deleteMessage(consultant, { conversationId, seq: 6 });
      expect([await unread(user), await unread(consultant)]).toEqual([0, 3]);
      await expectRejected(fixture, () => chat.markRead(user, { conversationId, seq: 7 }), 'INVALID_INPUT', 'seq');
      await expectRejected(fixture, () => chat.markRead(user, { conversationId, seq: -1 }), 'INVALID_INPUT', 'seq');
    });
  });
}
