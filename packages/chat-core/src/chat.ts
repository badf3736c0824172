import { type Clock, systemClock } from '@jyotishconnect/core';
import { EventEmitter } from 'eventemitter3';
import {
  assertOpener,
  assertReader,
  checkCaller,
  type Parties,
  PartiesCache,
  partiesOf,
  writerSide,
} from './access.js';
import { type ChatConfig, type ChatOptions, parseConfig } from './config.js';
import { systemDraft, textDraft } from './drafts.js';
import {
  conversationNotFound,
  editWindowClosed,
  idempotencyConflict,
  invalidInput,
  messageDeleted,
  messageNotFound,
  notAParticipant,
  notTheAuthor,
  replyNotFound,
} from './errors.js';
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
import type { MessagePolicy } from './policy.js';
import {
  type ChatSchemas,
  createChatSchemas,
  historySchema,
  idSchema,
  listSchema,
  markReadSchema,
  messageRefSchema,
  openConversationSchema,
  parseInput,
  reactSchema,
  systemMessageSchema,
} from './schemas.js';
import { screenText } from './screening.js';
import type { AppendOutcome, ChatStore, MessageChange, NewMessage } from './store.js';
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
  readonly #policy: MessagePolicy | undefined;
  readonly #gate: ConversationGate | undefined;
  readonly #config: ChatConfig;
  readonly #schemas: ChatSchemas;
  readonly #parties = new PartiesCache();

  constructor(options: ChatOptions) {
    super();
    this.#config = parseConfig(options);
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#policy = options.policy;
    this.#gate = options.gate;
    this.#schemas = createChatSchemas({ ...this.#config, now: () => this.#clock.now() });
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
    const conversation = await this.#conversation(parseInput(idSchema, conversationId, 'conversationId'));
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
    const parties = await this.#partiesOf(id);
    if (writerSide(who, parties) !== 'user') throw notAParticipant(who.id, id);
    await this.#assertMayWrite(who, parties);
    const conversation = await this.#store.setBirthDetails(id, card);
    if (!conversation) throw conversationNotFound(id);
    this.emit('conversation.updated', conversation);
    return conversation;
  }

  /** Sends a text message (with optional reply and attachment); a retried `clientMessageId` returns the stored one. */
  async send(caller: Participant, input: SendInput): Promise<Message> {
    const who = checkCaller(caller);
    const parsed = parseInput(this.#schemas.send, input);
    const { conversationId, clientMessageId, text: original } = parsed;
    const parties = this.#parties.get(conversationId) ?? (await this.#partiesOf(conversationId));
    writerSide(who, parties);
    await this.#assertMayWrite(who, parties);
    const replyTo = parsed.replyTo ?? null;
    if (replyTo !== null && !(await this.#store.getMessage(conversationId, replyTo))) {
      throw replyNotFound(conversationId, replyTo);
    }
    const attachment = parsed.attachment ?? null;
    const text = this.#policy
      ? await screenText(
          this.#policy,
          { conversationId, author: who, text: original, action: 'send' },
          attachment !== null,
        )
      : original;
    const request = { conversationId, clientMessageId, original, text };
    const draft = textDraft(who, request, replyTo, attachment, this.#clock.now());
    return this.#appended(await this.#store.appendMessage(draft), draft, parties);
  }

  /** Posts a session event (requested, started, low balance, ended) as a system message; host only. */
  async postSystemMessage(caller: Participant, input: SystemMessageInput): Promise<Message> {
    const who = checkCaller(caller);
    const parsed = parseInput(systemMessageSchema, input);
    if (who.role !== 'system') throw notAParticipant(who.id, parsed.conversationId);
    const parties = await this.#partiesOf(parsed.conversationId);
    const event = { type: parsed.type, sessionId: parsed.sessionId, data: parsed.data };
    const draft = systemDraft(who, parsed, event, this.#clock.now());
    return this.#appended(await this.#store.appendMessage(draft), draft, parties);
  }

  /** Replaces the text of the caller's own message within the edit window. */
  async edit(caller: Participant, input: EditInput): Promise<Message> {
    const who = checkCaller(caller);
    const { conversationId, seq, text } = parseInput(this.#schemas.edit, input);
    const { message, parties } = await this.#ownMessage(who, conversationId, seq);
    if (message.deletedAt !== null) throw messageDeleted(conversationId, seq);
    this.#assertEditable(message);
    await this.#assertMayWrite(who, parties);
    const screened = this.#policy
      ? await screenText(
          this.#policy,
          { conversationId, author: who, text, action: 'edit' },
          message.attachment !== null,
        )
      : text;
    return await this.#update(parties, message, { type: 'edit', text: screened, at: this.#clock.now() });
  }

  /** Deletes the caller's own message within the edit window; the slot stays and shows as deleted. Repeating it is harmless. */
  async deleteMessage(caller: Participant, input: MessageRef): Promise<Message> {
    const who = checkCaller(caller);
    const { conversationId, seq } = parseInput(messageRefSchema, input);
    const { message, parties } = await this.#ownMessage(who, conversationId, seq);
    if (message.deletedAt !== null) return message;
    this.#assertEditable(message);
    await this.#assertMayWrite(who, parties);
    return await this.#update(parties, message, { type: 'delete', at: this.#clock.now() });
  }

  /** Sets, replaces (`emoji`) or removes (`null`) the caller's one reaction on a message. */
  async react(caller: Participant, input: ReactInput): Promise<Message> {
    const who = checkCaller(caller);
    const { conversationId, seq, emoji } = parseInput(reactSchema, input);
    const parties = await this.#partiesOf(conversationId);
    const side = writerSide(who, parties);
    await this.#assertMayWrite(who, parties);
    const message = await this.#store.getMessage(conversationId, seq);
    if (!message) throw messageNotFound(conversationId, seq);
    if (message.deletedAt !== null) throw messageDeleted(conversationId, seq);
    const updated = await this.#update(parties, message, { type: 'react', side, emoji }, false);
    if (message.reactions[side] !== emoji)
      this.emit('reaction', { message: updated, participantId: who.id, side, emoji }, parties);
    return updated;
  }

  /** Marks everything up to `seq` read for the caller; read marks never move back. */
  async markRead(caller: Participant, input: MarkReadInput): Promise<ReadState> {
    const who = checkCaller(caller);
    const { conversationId, seq } = parseInput(markReadSchema, input);
    const before = await this.#conversation(conversationId);
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
    assertReader(who, await this.#partiesOf(id));
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
    const parties = await this.#partiesOf(id);
    const side = writerSide(who, parties);
    this.emit('typing', { conversationId: id, participantId: who.id, side, typing }, parties);
  }

  /** Settles an append (kept synchronous: one `await` less on the send path). */
  #appended(outcome: AppendOutcome | null, draft: NewMessage, parties: Parties): Message {
    if (!outcome) throw conversationNotFound(draft.conversationId);
    if (outcome.status === 'duplicate') {
      if (outcome.fingerprint !== draft.fingerprint)
        throw idempotencyConflict(draft.conversationId, draft.clientMessageId);
      return outcome.message;
    }
    this.emit('message.created', outcome.message, parties);
    return outcome.message;
  }

  async #update(parties: Parties, message: Message, change: MessageChange, emit = true): Promise<Message> {
    const updated = await this.#store.updateMessage(message.conversationId, message.seq, change);
    if (!updated) throw messageDeleted(message.conversationId, message.seq);
    if (emit) this.emit('message.updated', updated, parties);
    return updated;
  }

  async #ownMessage(who: Participant, conversationId: string, seq: number) {
    const parties = await this.#partiesOf(conversationId);
    writerSide(who, parties);
    const message = await this.#store.getMessage(conversationId, seq);
    if (!message) throw messageNotFound(conversationId, seq);
    if (message.authorId !== who.id || message.kind !== 'text') throw notTheAuthor(conversationId, seq);
    return { message, parties };
  }

  #assertEditable(message: Message): void {
    if (this.#clock.now() - message.createdAt > this.#config.editWindowMs) {
      throw editWindowClosed(message.conversationId, message.seq, this.#config.editWindowMs);
    }
  }

  async #conversation(id: string): Promise<Conversation> {
    const conversation = await this.#store.getConversation(id);
    if (!conversation) throw conversationNotFound(id);
    return conversation;
  }

  /** Participants of a conversation; cached, because they never change once it exists. */
  /** `CONVERSATION_CLOSED` when the host's gate refuses this write now. */
  async #assertMayWrite(who: Participant, parties: Parties): Promise<void> {
    if (this.#gate && !(await this.#gate.mayWrite(who, parties)))
      throw conversationClosed(who.id, parties.conversationId);
  }

  async #partiesOf(conversationId: string): Promise<Parties> {
    const cached = this.#parties.get(conversationId);
    if (cached) return cached;
    const parties = partiesOf(await this.#conversation(conversationId));
    this.#parties.set(parties);
    return parties;
  }
}

/** Creates a {@link Chat} over a store. */
export function createChat(options: ChatOptions): Chat {
  return new Chat(options);
}
