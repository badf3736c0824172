import { isJyotishError, ManualClock } from '@jyotishconnect/core';
import { expect } from 'vitest';
import { type Chat, createChat } from '../chat.js';
import type { ChatOptions } from '../config.js';
import type { ChatStore } from '../store.js';
import type { Conversation, ConversationSummary, Message, Participant } from '../types.js';

/** Everything a contract test needs: a chat over the store under test, a manual clock, and people. */
export interface ChatFixture {
  readonly store: ChatStore;
  readonly chat: Chat;
  readonly clock: ManualClock;
  readonly user: Participant;
  readonly consultant: Participant;
  /** A user who is not part of `conversation`. */
  readonly stranger: Participant;
  /** The host itself, which posts system messages. */
  readonly host: Participant;
  readonly conversation: Conversation;
}

let fixtureCounter = 0;

/**
 * Opens a conversation between a fresh user and consultant (ids unique per
 * call, so many fixtures can share one store) with a manual clock.
 */
export async function createFixture(store: ChatStore, options: Partial<ChatOptions> = {}): Promise<ChatFixture> {
  const tag = `${Date.now().toString(36)}${(fixtureCounter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const clock = new ManualClock();
  const chat = createChat({ store, clock, ...options });
  const user: Participant = { id: `user-${tag}`, role: 'user' };
  const consultant: Participant = { id: `consultant-${tag}`, role: 'consultant' };
  const stranger: Participant = { id: `stranger-${tag}`, role: 'user' };
  const conversation = await chat.openConversation(user, { userId: user.id, consultantId: consultant.id });
  return { store, chat, clock, user, consultant, stranger, host: { id: 'host', role: 'system' }, conversation };
}

/** Everything the store holds about some conversations and participants, read through the port. */
export interface StoreSnapshot {
  readonly conversations: ReadonlyArray<Conversation | null>;
  readonly messages: ReadonlyArray<readonly Message[]>;
  readonly lists: ReadonlyArray<readonly ConversationSummary[]>;
}

/** Reads a snapshot to compare before and after a rejected call. */
export async function snapshot(
  store: ChatStore,
  conversationIds: readonly string[],
  participants: readonly Participant[],
): Promise<StoreSnapshot> {
  const conversations = await Promise.all(conversationIds.map((id) => store.getConversation(id)));
  const messages = await Promise.all(
    conversationIds.map((id) => store.history(id, { direction: 'after', seq: 0, limit: 100_000 })),
  );
  const lists = await Promise.all(
    participants
      .filter((p) => p.role === 'user' || p.role === 'consultant')
      .map((p) => store.listConversations(p.role as 'user' | 'consultant', p.id, { limit: 1000, cursor: null })),
  );
  return { conversations, messages, lists };
}

/**
 * Asserts that `attempt` fails with `code` (and, for `INVALID_INPUT`, names
 * `field`) and that the fixture's store is unchanged afterwards.
 */
export async function expectRejected(
  fixture: ChatFixture,
  attempt: () => Promise<unknown>,
  code: string,
  field?: string,
): Promise<void> {
  const people = [fixture.user, fixture.consultant, fixture.stranger];
  const before = await snapshot(fixture.store, [fixture.conversation.id], people);
  const error = await attempt().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isJyotishError(error), `expected a ${code} error, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (field !== undefined) expect((error as { details: { field?: string } }).details.field).toBe(field);
  expect(await snapshot(fixture.store, [fixture.conversation.id], people)).toEqual(before);
}

/** Sends `count` messages from alternating sides; returns them in order. */
export async function sendMany(fixture: ChatFixture, count: number, prefix = 'm'): Promise<Message[]> {
  const sent: Message[] = [];
  for (let i = 0; i < count; i++) {
    const author = i % 2 === 0 ? fixture.user : fixture.consultant;
    sent.push(
      await fixture.chat.send(author, {
        conversationId: fixture.conversation.id,
        clientMessageId: `${prefix}${i}`,
        text: `${prefix} ${i}`,
      }),
    );
  }
  return sent;
}
