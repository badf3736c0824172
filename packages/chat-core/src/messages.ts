import type { Clock } from '@jyotishconnect/core';
import type { EventEmitter } from 'eventemitter3';
import { checkCaller, type Parties, writerSide } from './access.js';
import type { ChatConfig } from './config.js';
import type { ConversationAccess } from './conversation-access.js';
import { systemDraft, textDraft } from './drafts.js';
import {
  conversationNotFound,
  editWindowClosed,
  idempotencyConflict,
  messageDeleted,
  messageNotFound,
  notAParticipant,
  notTheAuthor,
  replyNotFound,
} from './errors.js';
import type { ChatEvents } from './events.js';
import type { EditInput, MessageRef, ReactInput, SendInput, SystemMessageInput } from './inputs.js';
import type { MessagePolicy } from './policy.js';
import { type ChatSchemas, messageRefSchema, parseInput, reactSchema, systemMessageSchema } from './schemas.js';
import { screenText } from './screening.js';
import type { AppendOutcome, ChatStore, MessageChange, NewMessage } from './store.js';
import type { Message, Participant } from './types.js';

/** What the message operations work with: the chat's store, clock, rules and the emitter its events go out on. */
export interface MessageContext {
  readonly store: ChatStore;
  readonly clock: Clock;
  readonly policy: MessagePolicy | undefined;
  readonly config: ChatConfig;
  readonly schemas: ChatSchemas;
  readonly access: ConversationAccess;
  readonly events: EventEmitter<ChatEvents>;
}

/**
 * The writes on messages of a {@link Chat}: send, post a system message,
 * edit, delete and react. Each checks the writer, screens text through the
 * policy, stores, and emits its event only for a write that changed something.
 */
export class MessageWrites {
  constructor(private readonly context: MessageContext) {}

  /** Stores a text message, or returns the one a retried `clientMessageId` stored; {@link Chat.send}. */
  async send(caller: Participant, input: SendInput): Promise<Message> {
    const { store, policy, schemas, access, clock } = this.context;
    const who = checkCaller(caller);
    const parsed = parseInput(schemas.send, input);
    const { conversationId, clientMessageId, text: original } = parsed;
    const parties = access.cachedParties(conversationId) ?? (await access.partiesOf(conversationId));
    writerSide(who, parties);
    await access.assertMayWrite(who, parties);
    const replyTo = parsed.replyTo ?? null;
    if (replyTo !== null && !(await store.getMessage(conversationId, replyTo))) {
      throw replyNotFound(conversationId, replyTo);
    }
    const attachment = parsed.attachment ?? null;
    const text = policy
      ? await screenText(policy, { conversationId, author: who, text: original, action: 'send' }, attachment !== null)
      : original;
    const request = { conversationId, clientMessageId, original, text };
    const draft = textDraft(who, request, replyTo, attachment, clock.now());
    return this.#appended(await store.appendMessage(draft), draft, parties);
  }

  /** Stores a session event as a system message, host only; {@link Chat.postSystemMessage}. */
  async postSystemMessage(caller: Participant, input: SystemMessageInput): Promise<Message> {
    const who = checkCaller(caller);
    const parsed = parseInput(systemMessageSchema, input);
    if (who.role !== 'system') throw notAParticipant(who.id, parsed.conversationId);
    const parties = await this.context.access.partiesOf(parsed.conversationId);
    const event = { type: parsed.type, sessionId: parsed.sessionId, data: parsed.data };
    const draft = systemDraft(who, parsed, event, this.context.clock.now());
    return this.#appended(await this.context.store.appendMessage(draft), draft, parties);
  }

  /** Replaces the text of the caller's own message in the edit window; {@link Chat.edit}. */
  async edit(caller: Participant, input: EditInput): Promise<Message> {
    const { policy, access, clock } = this.context;
    const who = checkCaller(caller);
    const { conversationId, seq, text } = parseInput(this.context.schemas.edit, input);
    const { message, parties } = await this.#ownMessage(who, conversationId, seq);
    if (message.deletedAt !== null) throw messageDeleted(conversationId, seq);
    this.#assertEditable(message);
    await access.assertMayWrite(who, parties);
    const screened = policy
      ? await screenText(policy, { conversationId, author: who, text, action: 'edit' }, message.attachment !== null)
      : text;
    return await this.#update(parties, message, { type: 'edit', text: screened, at: clock.now() });
  }

  /** Deletes the caller's own message in the edit window; {@link Chat.deleteMessage}. */
  async deleteMessage(caller: Participant, input: MessageRef): Promise<Message> {
    const who = checkCaller(caller);
    const { conversationId, seq } = parseInput(messageRefSchema, input);
    const { message, parties } = await this.#ownMessage(who, conversationId, seq);
    if (message.deletedAt !== null) return message;
    this.#assertEditable(message);
    await this.context.access.assertMayWrite(who, parties);
    return await this.#update(parties, message, { type: 'delete', at: this.context.clock.now() });
  }

  /** Sets, replaces or removes the caller's reaction; {@link Chat.react}. */
  async react(caller: Participant, input: ReactInput): Promise<Message> {
    const { store, access, events } = this.context;
    const who = checkCaller(caller);
    const { conversationId, seq, emoji } = parseInput(reactSchema, input);
    const parties = await access.partiesOf(conversationId);
    const side = writerSide(who, parties);
    await access.assertMayWrite(who, parties);
    const message = await store.getMessage(conversationId, seq);
    if (!message) throw messageNotFound(conversationId, seq);
    if (message.deletedAt !== null) throw messageDeleted(conversationId, seq);
    const updated = await this.#update(parties, message, { type: 'react', side, emoji }, false);
    if (message.reactions[side] !== emoji)
      events.emit('reaction', { message: updated, participantId: who.id, side, emoji }, parties);
    return updated;
  }

  /** Settles an append (kept synchronous: one `await` less on the send path). */
  #appended(outcome: AppendOutcome | null, draft: NewMessage, parties: Parties): Message {
    if (!outcome) throw conversationNotFound(draft.conversationId);
    if (outcome.status === 'duplicate') {
      if (outcome.fingerprint !== draft.fingerprint)
        throw idempotencyConflict(draft.conversationId, draft.clientMessageId);
      return outcome.message;
    }
    this.context.events.emit('message.created', outcome.message, parties);
    return outcome.message;
  }

  async #update(parties: Parties, message: Message, change: MessageChange, emit = true): Promise<Message> {
    const updated = await this.context.store.updateMessage(message.conversationId, message.seq, change);
    if (!updated) throw messageDeleted(message.conversationId, message.seq);
    if (emit) this.context.events.emit('message.updated', updated, parties);
    return updated;
  }

  async #ownMessage(who: Participant, conversationId: string, seq: number) {
    const parties = await this.context.access.partiesOf(conversationId);
    writerSide(who, parties);
    const message = await this.context.store.getMessage(conversationId, seq);
    if (!message) throw messageNotFound(conversationId, seq);
    if (message.authorId !== who.id || message.kind !== 'text') throw notTheAuthor(conversationId, seq);
    return { message, parties };
  }

  #assertEditable(message: Message): void {
    const { clock, config } = this.context;
    if (clock.now() - message.createdAt > config.editWindowMs) {
      throw editWindowClosed(message.conversationId, message.seq, config.editWindowMs);
    }
  }
}
