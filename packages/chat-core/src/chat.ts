import { type Clock, systemClock } from '@jyotishconnect/core';
import { EventEmitter } from 'eventemitter3';
import { assertOpener, assertReader, checkCaller, partiesOf, writerSide } from './access.js';
import { type ChatConfig, type ChatOptions, parseConfig } from './config.js';
import { ConversationAccess } from './conversation-access.js';
import { conversationNotFound, invalidInput, notAParticipant } from './errors.js';
import type { ChatEvents } from './events.js';
import { type ConversationGate, conversationClosed } from './gate.js';
import type {
  BirthDetailsInput,
  EditInput,
  HistoryOptions,
  ListConversationsOptions,
  MarkReadInput,
  MessageRef,
  OpenConversationInput,
  ReactInput,
  SendInput,
  SystemMessageInput,
} from './inputs.js';
import { decodeCursor, encodeCursor } from './keys.js';
import { MessageWrites } from './messages.js';
import {
  type ChatSchemas,
  createChatSchemas,
  historySchema,
  idSchema,
  listSchema,
  markReadSchema,
  openConversationSchema,
  parseInput,
} from './schemas.js';
import type { ChatStore } from './store.js';
import type { Conversation, ConversationPage, HistoryPage, Message, Participant, ReadState } from './types.js';

/**
 * The conversation a consultation is about: ordered, idempotent messages with
 * replies, attachments, edits, deletes, reactions, read receipts, and the
 * ephemeral typing signal. Framework-free: a transport calls it
 * with an authenticated {@link Participant} and relays its events.
 *
 * @example
 * ```ts
 * const chat = createChat({ store: createMemoryChatStore() });
 * const user = { id: 'u1', role: 'user' } as const;
 * const conversation = await chat.openConversation(user, { userId: 'u1', consultantId: 'c1' });
 * await chat.send(user, { conversationId: conversation.id, clientMessageId: 'm1', text: 'Namaste' });
 * ```
 */
export class Chat extends EventEmitter<ChatEvents> {
  readonly #store: ChatStore;
  readonly #clock: Clock;
  readonly #gate: ConversationGate | undefined;
  readonly #config: ChatConfig;
  readonly #schemas: ChatSchemas;
  readonly #access: ConversationAccess;
  readonly #messages: MessageWrites;

  constructor(options: ChatOptions) {
    super();
    this.#config = parseConfig(options);
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#gate = options.gate;
    this.#schemas = createChatSchemas({ ...this.#config, now: () => this.#clock.now() });
    this.#access = new ConversationAccess(this.#store, this.#gate);
    this.#messages = new MessageWrites({
      store: this.#store,
      clock: this.#clock,
      policy: options.policy,
      config: this.#config,
      schemas: this.#schemas,
      access: this.#access,
      events: this,
    });
  }

  /** Finds the conversation of a user and a consultant, creating it the first time; links `sessionId` if given. */
  async openConversation(caller: Participant, input: OpenConversationInput): Promise<Conversation> {
    const who = checkCaller(caller);
    const { userId, consultantId, sessionId } = parseInput(openConversationSchema, input);
    assertOpener(who, userId, consultantId);
    if (who.role !== 'system' && this.#gate && !(await this.#gate.mayOpen({ userId, consultantId }))) {
      throw conversationClosed(who.id, `${userId}/${consultantId}`);
    }
    const draft = { id: this.#config.newId(), userId, consultantId, createdAt: this.#clock.now() };
    return await this.#store.openConversation(draft, sessionId ?? null);
  }

  /** Reads a conversation the caller may read. */
  async getConversation(caller: Participant, conversationId: string): Promise<Conversation> {
    const who = checkCaller(caller);
    const conversation = await this.#access.conversation(parseInput(idSchema, conversationId, 'conversationId'));
    assertReader(who, partiesOf(conversation));
    return conversation;
  }

  /** The caller's conversations, newest activity first, with last message and unread count. */
  async listConversations(caller: Participant, options: ListConversationsOptions = {}): Promise<ConversationPage> {
    const who = checkCaller(caller);
    const { limit, cursor } = parseInput(listSchema, options);
    if (who.role !== 'user' && who.role !== 'consultant') throw notAParticipant(who.id, '*');
    const rows = await this.#store.listConversations(who.role, who.id, {
      limit: limit + 1,
      cursor: cursor === undefined ? null : decodeCursor(cursor),
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1)?.conversation;
    const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.lastActivityAt, id: last.id }) : null;
    return { items, nextCursor };
  }

  /** Attaches (or replaces) the user's birth-details card; the consultant sees it on the conversation. */
  async attachBirthDetails(
    caller: Participant,
    conversationId: string,
    details: BirthDetailsInput,
  ): Promise<Conversation> {
    const who = checkCaller(caller);
    const id = parseInput(idSchema, conversationId, 'conversationId');
    const card = parseInput(this.#schemas.birthDetails, details);
    const parties = await this.#access.partiesOf(id);
    if (writerSide(who, parties) !== 'user') throw notAParticipant(who.id, id);
    await this.#access.assertMayWrite(who, parties);
    const conversation = await this.#store.setBirthDetails(id, card);
    if (!conversation) throw conversationNotFound(id);
    this.emit('conversation.updated', conversation);
    return conversation;
  }

  /** Sends a text message (with optional reply and attachment); a retried `clientMessageId` returns the stored one. */
  send(caller: Participant, input: SendInput): Promise<Message> {
    return this.#messages.send(caller, input);
  }

  /** Posts a session event (requested, started, low balance, ended) as a system message; host only. */
  postSystemMessage(caller: Participant, input: SystemMessageInput): Promise<Message> {
    return this.#messages.postSystemMessage(caller, input);
  }

  /** Replaces the text of the caller's own message within the edit window. */
  edit(caller: Participant, input: EditInput): Promise<Message> {
    return this.#messages.edit(caller, input);
  }

  /** Deletes the caller's own message within the edit window; the slot stays and shows as deleted. Repeating it is harmless. */
  deleteMessage(caller: Participant, input: MessageRef): Promise<Message> {
    return this.#messages.deleteMessage(caller, input);
  }

  /** Sets, replaces (`emoji`) or removes (`null`) the caller's one reaction on a message. */
  react(caller: Participant, input: ReactInput): Promise<Message> {
    return this.#messages.react(caller, input);
  }

  /** Marks everything up to `seq` read for the caller; read marks never move back. */
  async markRead(caller: Participant, input: MarkReadInput): Promise<ReadState> {
    const who = checkCaller(caller);
    const { conversationId, seq } = parseInput(markReadSchema, input);
    const before = await this.#access.conversation(conversationId);
    const parties = partiesOf(before);
    const side = writerSide(who, parties);
    if (seq > before.lastSeq) throw invalidInput('seq', `must not exceed the last sequence ${before.lastSeq}`);
    if (seq <= before.readSeq[side]) return before.readSeq;
    const after = await this.#store.markRead(conversationId, side, seq);
    if (!after) throw conversationNotFound(conversationId);
    this.emit('read', { conversationId, participantId: who.id, side, seq: after.readSeq[side] }, parties);
    return after.readSeq;
  }

  /** One page of history, oldest first: the newest page, or `before` / `after` (resume) a sequence. */
  async history(caller: Participant, conversationId: string, options: HistoryOptions = {}): Promise<HistoryPage> {
    const who = checkCaller(caller);
    const id = parseInput(idSchema, conversationId, 'conversationId');
    const { before, after, limit } = parseInput(historySchema, options);
    assertReader(who, await this.#access.partiesOf(id));
    const query =
      after === undefined
        ? { direction: 'before' as const, seq: before ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 }
        : { direction: 'after' as const, seq: after, limit: limit + 1 };
    const rows = await this.#store.history(id, query);
    if (rows.length <= limit) return { messages: rows, hasMore: false };
    return { messages: after === undefined ? rows.slice(1) : rows.slice(0, limit), hasMore: true };
  }

  /** Relays that the caller started or stopped typing. Nothing is stored. */
  async typing(caller: Participant, conversationId: string, typing: boolean): Promise<void> {
    const who = checkCaller(caller);
    const id = parseInput(idSchema, conversationId, 'conversationId');
    if (typeof typing !== 'boolean') throw invalidInput('typing', 'must be a boolean');
    const parties = await this.#access.partiesOf(id);
    const side = writerSide(who, parties);
    this.emit('typing', { conversationId: id, participantId: who.id, side, typing }, parties);
  }
}

/** Creates a {@link Chat} over a store. */
export function createChat(options: ChatOptions): Chat {
  return new Chat(options);
}
