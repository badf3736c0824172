import type { EncodedEvent } from './connection.js';
import { ackFrameText, eventFrameText } from './frame-json.js';

/** A bus message for one user: an event, tagged with its conversation when it has one. */
export interface UserEnvelope {
  readonly event: string;
  readonly data: unknown;
  readonly conversationId?: string;
  /** When it was published (epoch ms, the publisher's clock); set only while metrics are on, to measure the bus lag. */
  readonly publishedAt?: number;
}

/**
 * Encodes the events the bus delivers to users, remembering the last one: a
 * chat event's envelope is one object published to both participants, and
 * a sent message's ack carries the same message as its `message.created`
 * event, so each is encoded once.
 */
export class EventEncoder {
  /** The envelope {@link EventEncoder.encode} encoded last, with its encoding. */
  #last: {
    readonly envelope: UserEnvelope;
    readonly encoded: EncodedEvent;
    readonly dataJson: string | undefined;
  } | null = null;

  /**
   * Encodes an envelope once for every connection of its user; on the
   * in-process bus the second participant reuses the first one's encoding.
   */
  encode(envelope: UserEnvelope): EncodedEvent {
    if (this.#last?.envelope === envelope) return this.#last.encoded;
    const dataJson = JSON.stringify(envelope.data) as string | undefined;
    const encoded: EncodedEvent = {
      text: eventFrameText(envelope.event, dataJson),
      event: envelope.event,
      seq: (envelope.data as { seq?: number } | null)?.seq,
    };
    this.#last = { envelope, encoded, dataJson };
    return encoded;
  }

  /**
   * The ack of a request. A sent message's ack carries the message its
   * `message.created` event has just encoded: a chat message is an immutable
   * snapshot, so that JSON is reused rather than encoded again.
   */
  ackText(id: string, result: unknown): string {
    const last = this.#last;
    const reusable = last !== null && last.envelope.event === 'message.created' && last.envelope.data === result;
    return ackFrameText(id, reusable ? last.dataJson : (JSON.stringify(result) as string | undefined));
  }
}
