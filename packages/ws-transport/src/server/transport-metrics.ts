import { type Clock, type MetricLabels, type MetricsSink, metricNames } from '@jyotishconnect/core';
import type { UserEnvelope } from './event-encoder.js';

const NO_LABELS: MetricLabels = {};
const SENT: Readonly<Record<'ack' | 'error' | 'event', MetricLabels>> = {
  ack: { type: 'ack' },
  error: { type: 'error' },
  event: { type: 'event' },
};

/**
 * What the server reports to a host's metrics sink: sockets open, frames in
 * and out, and how long bus messages take to arrive. The server makes one
 * only when the host gave a sink, so a server without one does none of this.
 */
export class TransportMetrics {
  readonly #sink: MetricsSink;
  readonly #clock: Clock;
  readonly #received = new Map<string, MetricLabels>();
  #open = 0;
  #lastPublished: { readonly envelope: UserEnvelope; readonly stamped: UserEnvelope } | null = null;

  constructor(sink: MetricsSink, clock: Clock) {
    this.#sink = sink;
    this.#clock = clock;
  }

  /** A connection opened. */
  opened(): void {
    this.#sink.gauge(metricNames.socketsOpen, NO_LABELS, ++this.#open);
  }

  /** A connection closed. */
  closed(): void {
    this.#sink.gauge(metricNames.socketsOpen, NO_LABELS, --this.#open);
  }

  /** A frame arrived: `type` is its validated frame type, or `rejected` when it was refused before validation. */
  received(type: string): void {
    let labels = this.#received.get(type);
    if (!labels) {
      labels = { type };
      this.#received.set(type, labels);
    }
    this.#sink.count(metricNames.framesIn, labels, 1);
  }

  /** `n` frames of a kind went out. */
  sent(type: 'ack' | 'error' | 'event', n = 1): void {
    this.#sink.count(metricNames.framesOut, SENT[type], n);
  }

  /**
   * The envelope stamped with the instant it is published, for the receiving
   * process to measure the bus lag. One envelope published to both
   * participants is stamped once, so it stays one object on an in-process bus.
   */
  stamped(envelope: UserEnvelope): UserEnvelope {
    if (this.#lastPublished?.envelope !== envelope) {
      this.#lastPublished = { envelope, stamped: { ...envelope, publishedAt: this.#clock.now() } };
    }
    return this.#lastPublished.stamped;
  }

  /** An envelope arrived from the bus for `connections` local connections. */
  delivered(envelope: UserEnvelope, connections: number): void {
    if (envelope.publishedAt !== undefined) {
      this.#sink.observe(metricNames.busLag, NO_LABELS, Math.max(0, this.#clock.now() - envelope.publishedAt) / 1_000);
    }
    this.sent('event', connections);
  }
}
