import { ClientError } from './client-error.js';

interface JoinedConversation {
  /** Highest sequence delivered to the application. */
  lastSeq: number;
  /** True once the server confirmed the join on the current connection. */
  synced: boolean;
  /** Live messages that arrived before the join was confirmed. */
  held: Array<{ seq: number; data: unknown }>;
}

/**
 * The conversations a client joined, each with the highest sequence
 * delivered and the live messages held while it is not in sync, so messages
 * reach the application in order and never twice, across reconnects too.
 */
export class JoinedConversations {
  readonly #joined = new Map<string, JoinedConversation>();

  constructor(
    /** Hands a `message.created` event's data to the application. */
    private readonly deliver: (data: unknown) => void,
  ) {}

  /**
   * Joins a conversation through `request`, which asks the server to replay
   * every message after `afterSeq`; live messages that race the replay are
   * held and delivered after it.
   */
  async join<R>(conversationId: string, request: (afterSeq: number) => Promise<R>): Promise<R> {
    let joined = this.#joined.get(conversationId);
    if (!joined) {
      joined = { lastSeq: 0, synced: false, held: [] };
      this.#joined.set(conversationId, joined);
    }
    joined.synced = false;
    try {
      const result = await request(joined.lastSeq);
      joined.synced = true;
      this.#releaseHeld(joined);
      return result;
    } catch (error) {
      // Refused for good (not a participant, unknown): stop tracking. Lost connection: the next resume retries.
      if (error instanceof ClientError && error.code !== 'DISCONNECTED' && error.code !== 'TIMEOUT') {
        this.#joined.delete(conversationId);
      }
      throw error;
    }
  }

  /** Ids of the joined conversations, to re-join after a reconnect. */
  ids(): string[] {
    return [...this.#joined.keys()];
  }

  /** Highest message sequence delivered in a joined conversation. */
  lastSeq(conversationId: string): number {
    return this.#joined.get(conversationId)?.lastSeq ?? 0;
  }

  /** The connection is gone: every conversation is out of sync until re-joined. */
  unsync(): void {
    for (const joined of this.#joined.values()) joined.synced = false;
  }

  /** Delivers a message in order: replayed ones at once, live ones only once the conversation is in sync. */
  receive(data: unknown, recovered: boolean): void {
    const message = data as { conversationId?: unknown; seq?: unknown };
    const joined = typeof message.conversationId === 'string' ? this.#joined.get(message.conversationId) : undefined;
    if (!joined || typeof message.seq !== 'number') {
      this.deliver(data);
      return;
    }
    if (!recovered && !joined.synced) {
      joined.held.push({ seq: message.seq, data });
      return;
    }
    this.#deliverInOrder(joined, message.seq, data);
  }

  #releaseHeld(joined: JoinedConversation): void {
    const held = joined.held.sort((a, b) => a.seq - b.seq);
    joined.held = [];
    for (const { seq, data } of held) this.#deliverInOrder(joined, seq, data);
  }

  #deliverInOrder(joined: JoinedConversation, seq: number, data: unknown): void {
    if (seq <= joined.lastSeq) return; // already delivered: a live copy racing its replayed copy
    joined.lastSeq = seq;
    this.deliver(data);
  }
}
