import type {
  ActivityCursor,
  AppendOutcome,
  ChatStore,
  HistoryQuery,
  MessageChange,
  NewConversation,
  NewMessage,
} from '../../store.js';
import type { BirthDetails, Conversation, ConversationSummary, Message, Side } from '../../types.js';

interface ConversationState {
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly createdAt: number;
  lastActivityAt: number;
  readSeq: { user: number; consultant: number };
  sessionIds: string[];
  birthDetails: BirthDetails | null;
  /** Messages in order: `messages[seq - 1]`. */
  readonly messages: Message[];
  /** Fingerprint of each message, same index. */
  readonly fingerprints: string[];
  /** `clientMessageId` → seq. */
  readonly clientIds: Map<string, number>;
}

const NO_REACTIONS = Object.freeze({ user: null, consultant: null });

/**
 * A {@link ChatStore} in process memory: the fastest adapter, for tests,
 * users' CI and benchmarks. Not durable. Every method runs without an `await`
 * between its checks and its writes, so each is atomic and sequence numbers
 * are gap-free under any interleaving of callers in this process.
 */
export class MemoryChatStore implements ChatStore {
  readonly #conversations = new Map<string, ConversationState>();
  /** `userId consultantId` → conversation id. */
  readonly #byPair = new Map<string, string>();
  readonly #bySide = { user: new Map<string, string[]>(), consultant: new Map<string, string[]>() };

  async openConversation(draft: NewConversation, sessionId: string | null): Promise<Conversation> {
    const pair = `${draft.userId}\u0000${draft.consultantId}`;
    const existingId = this.#byPair.get(pair);
    let state = existingId === undefined ? undefined : this.#conversations.get(existingId);
    if (!state) {
      state = {
        id: draft.id,
        userId: draft.userId,
        consultantId: draft.consultantId,
        createdAt: draft.createdAt,
        lastActivityAt: draft.createdAt,
        readSeq: { user: 0, consultant: 0 },
        sessionIds: [],
        birthDetails: null,
        messages: [],
        fingerprints: [],
        clientIds: new Map(),
      };
      this.#conversations.set(state.id, state);
      this.#byPair.set(pair, state.id);
      push(this.#bySide.user, draft.userId, state.id);
      push(this.#bySide.consultant, draft.consultantId, state.id);
    }
    if (sessionId !== null && !state.sessionIds.includes(sessionId))
      state.sessionIds = [...state.sessionIds, sessionId];
    return view(state);
  }

  async getConversation(id: string): Promise<Conversation | null> {
    const state = this.#conversations.get(id);
    return state ? view(state) : null;
  }

  async listConversations(
    side: Side,
    participantId: string,
    query: { readonly limit: number; readonly cursor: ActivityCursor | null },
  ): Promise<ConversationSummary[]> {
    const ids = this.#bySide[side].get(participantId) ?? [];
    const { cursor } = query;
    const states = ids
      .map((id) => this.#conversations.get(id) as ConversationState)
      .filter(
        (s) => cursor === null || s.lastActivityAt < cursor.at || (s.lastActivityAt === cursor.at && s.id < cursor.id),
      )
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, query.limit);
    return states.map((state) => ({
      conversation: view(state),
      lastMessage: state.messages.at(-1) ?? null,
      unread: unreadOf(state, side, participantId),
    }));
  }

  async setBirthDetails(conversationId: string, details: BirthDetails): Promise<Conversation | null> {
    const state = this.#conversations.get(conversationId);
    if (!state) return null;
    state.birthDetails = details;
    return view(state);
  }

  async appendMessage(draft: NewMessage): Promise<AppendOutcome | null> {
    const state = this.#conversations.get(draft.conversationId);
    if (!state) return null;
    const previous = state.clientIds.get(draft.clientMessageId);
    if (previous !== undefined) {
      return {
        status: 'duplicate',
        message: state.messages[previous - 1] as Message,
        fingerprint: state.fingerprints[previous - 1] as string,
      };
    }
    const seq = state.messages.length + 1;
    const message: Message = {
      conversationId: draft.conversationId,
      seq,
      clientMessageId: draft.clientMessageId,
      authorId: draft.authorId,
      authorRole: draft.authorRole,
      kind: draft.kind,
      text: draft.text,
      replyTo: draft.replyTo,
      attachment: draft.attachment,
      event: draft.event,
      reactions: NO_REACTIONS,
      createdAt: draft.createdAt,
      editedAt: null,
      deletedAt: null,
    };
    state.messages.push(message);
    state.fingerprints.push(draft.fingerprint);
    state.clientIds.set(draft.clientMessageId, seq);
    if (draft.createdAt > state.lastActivityAt) state.lastActivityAt = draft.createdAt;
    return { status: 'created', message };
  }

  async getMessage(conversationId: string, seq: number): Promise<Message | null> {
    return this.#conversations.get(conversationId)?.messages[seq - 1] ?? null;
  }

  async history(conversationId: string, query: HistoryQuery): Promise<Message[]> {
    const messages = this.#conversations.get(conversationId)?.messages ?? [];
    if (query.direction === 'after') return messages.slice(query.seq, query.seq + query.limit);
    const end = Math.min(query.seq - 1, messages.length);
    return messages.slice(Math.max(0, end - query.limit), end);
  }

  async updateMessage(conversationId: string, seq: number, change: MessageChange): Promise<Message | null> {
    const state = this.#conversations.get(conversationId);
    const message = state?.messages[seq - 1];
    if (!state || !message || message.deletedAt !== null) return null;
    let updated: Message;
    if (change.type === 'edit') updated = { ...message, text: change.text, editedAt: change.at };
    else if (change.type === 'delete') updated = { ...message, text: '', attachment: null, deletedAt: change.at };
    else updated = { ...message, reactions: { ...message.reactions, [change.side]: change.emoji } };
    state.messages[seq - 1] = updated;
    return updated;
  }

  async markRead(conversationId: string, side: Side, seq: number): Promise<Conversation | null> {
    const state = this.#conversations.get(conversationId);
    if (!state) return null;
    if (seq > state.readSeq[side]) state.readSeq = { ...state.readSeq, [side]: seq };
    return view(state);
  }
}

/** Creates an empty in-memory chat store. */
export function createMemoryChatStore(): MemoryChatStore {
  return new MemoryChatStore();
}

function view(state: ConversationState): Conversation {
  return {
    id: state.id,
    userId: state.userId,
    consultantId: state.consultantId,
    createdAt: state.createdAt,
    lastActivityAt: state.lastActivityAt,
    lastSeq: state.messages.length,
    readSeq: state.readSeq,
    sessionIds: state.sessionIds,
    birthDetails: state.birthDetails,
  };
}

function unreadOf(state: ConversationState, side: Side, participantId: string): number {
  let unread = 0;
  for (let i = state.readSeq[side]; i < state.messages.length; i++) {
    const message = state.messages[i] as Message;
    if (message.authorId !== participantId && message.deletedAt === null) unread++;
  }
  return unread;
}

function push(index: Map<string, string[]>, key: string, value: string): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}
