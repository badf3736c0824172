import { CloseCodes, PROTOCOL_VERSION, type ServerFrame } from '../frames.js';
import type { FrameSocket } from './frame-socket.js';
import { TokenBucket } from './token-bucket.js';
import type { Flushable, WriteBatch } from './write-batch.js';

/** Who is on the other end of a connection, as the host's `authenticate` said. */
export interface AuthenticatedUser {
  /** The host's user id. */
  readonly id: string;
  /** `user` pays, `consultant` is paid; `admin` moderates. */
  readonly role: 'user' | 'consultant' | 'admin';
}

/** Limits applied to every connection. */
export interface ConnectionLimits {
  /** Requests per second a connection may sustain. */
  readonly ratePerSecond: number;
  /** Requests a connection may burst. */
  readonly rateBurst: number;
  /** Rate-limited frames tolerated before the connection is closed. */
  readonly rateStrikes: number;
  /** Bytes queued for sending beyond which the client is too slow and is closed. */
  readonly maxBufferedBytes: number;
}

/** An encoded event, with what a resume needs to know about it. */
export interface EncodedEvent {
  readonly text: string;
  readonly event: string;
  /** Sequence of a `message.created` event. */
  readonly seq?: number;
}

/**
 * One client connection: its user, rate limiter, joined conversations and the
 * send path with the slow-consumer rule.
 */
export class Connection implements Flushable {
  /** Joined conversations, each with the id of the other participant. */
  readonly joined = new Map<string, string>();
  /** Live events held back per conversation while its missed messages are replayed. */
  readonly #resuming = new Map<string, EncodedEvent[]>();
  readonly #bucket: TokenBucket;
  /** Frames of this event-loop turn, written together by {@link Connection.flush}. */
  #outbox: string[] = [];
  #strikes = 0;

  constructor(
    /** How the connection's frames move: a WebSocket or a Socket.io socket. */
    readonly socket: FrameSocket,
    private readonly batch: WriteBatch,
    readonly user: AuthenticatedUser,
    private readonly limits: ConnectionLimits,
    now: number,
  ) {
    this.#bucket = new TokenBucket(limits.rateBurst, limits.ratePerSecond, now);
  }

  /** Takes a request token; returns false when over the rate, closing the connection after repeated strikes. */
  admit(now: number): boolean {
    if (this.#bucket.take(now)) return true;
    if (++this.#strikes >= this.limits.rateStrikes) this.close(CloseCodes.rateLimited, 'rate limit exceeded');
    return false;
  }

  /** Sends a frame. */
  send(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  /** Sends an encoded frame unless the client is too slow to read, in which case it is closed. */
  sendText(text: string): void {
    if (!this.socket.isOpen) return;
    if (this.socket.bufferedBytes > this.limits.maxBufferedBytes) {
      this.close(CloseCodes.slowConsumer, 'client too slow');
      return;
    }
    if (this.#outbox.push(text) === 1) this.batch.hold(this);
  }

  /** Writes the turn's frames together. */
  flush(): void {
    const texts = this.#outbox;
    if (texts.length === 0) return;
    this.#outbox = [];
    // Once a close frame has gone out, no data frame may follow it.
    if (this.socket.isOpen) this.socket.write(texts);
  }

  /** Pushes an event to the client. */
  event(event: string, data: unknown): void {
    this.send({ v: PROTOCOL_VERSION, type: 'event', event, data });
  }

  /**
   * Delivers a live event of a conversation, or holds it while the
   * conversation is being resumed so the client sees missed messages first.
   */
  deliverToConversation(conversationId: string, encoded: EncodedEvent): void {
    const held = this.#resuming.get(conversationId);
    if (held) held.push(encoded);
    else this.sendText(encoded.text);
  }

  /** Starts holding live events of a conversation while its history is replayed. */
  beginResume(conversationId: string): void {
    this.#resuming.set(conversationId, []);
  }

  /** Ends a resume: sends held live events, except messages the replay already carried. */
  endResume(conversationId: string, lastReplayedSeq: number): void {
    const held = this.#resuming.get(conversationId) ?? [];
    this.#resuming.delete(conversationId);
    for (const encoded of held) {
      const replayed = encoded.event === 'message.created' && (encoded.seq ?? 0) <= lastReplayedSeq;
      if (!replayed) this.sendText(encoded.text);
    }
  }

  /** Closes the socket with a code and reason. */
  close(code: number, reason: string): void {
    this.flush(); // what was sent before the close goes out before it
    this.socket.close(code, reason);
  }
}
