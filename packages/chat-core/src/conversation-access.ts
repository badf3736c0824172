import { type Parties, PartiesCache, partiesOf } from './access.js';
import { conversationNotFound } from './errors.js';
import { type ConversationGate, conversationClosed } from './gate.js';
import type { ChatStore } from './store.js';
import type { Conversation, Participant } from './types.js';

/**
 * The lookups every chat operation starts with: a conversation or its
 * parties from the store, and the host's gate on writing now.
 */
export class ConversationAccess {
  readonly #parties = new PartiesCache();

  constructor(
    private readonly store: ChatStore,
    private readonly gate: ConversationGate | undefined,
  ) {}

  /** A stored conversation, or `CONVERSATION_NOT_FOUND`. */
  async conversation(id: string): Promise<Conversation> {
    const conversation = await this.store.getConversation(id);
    if (!conversation) throw conversationNotFound(id);
    return conversation;
  }

  /** Participants of a conversation; cached, because they never change once it exists. */
  async partiesOf(conversationId: string): Promise<Parties> {
    const cached = this.#parties.get(conversationId);
    if (cached) return cached;
    const parties = partiesOf(await this.conversation(conversationId));
    this.#parties.set(parties);
    return parties;
  }

  /** Cached participants, without a lookup: lets the send path skip an `await` when they are known. */
  cachedParties(conversationId: string): Parties | undefined {
    return this.#parties.get(conversationId);
  }

  /** `CONVERSATION_CLOSED` when the host's gate refuses this write now. */
  async assertMayWrite(who: Participant, parties: Parties): Promise<void> {
    if (this.gate && !(await this.gate.mayWrite(who, parties)))
      throw conversationClosed(who.id, parties.conversationId);
  }
}
