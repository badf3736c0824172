import { type MetricLabels, type MetricName, type MetricsSink, metricNames } from '@jyotishconnect/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

// Seconds. Ticks are due every few seconds, so lateness past 10 s is an outage.
const LATENESS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const BUS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The host's Prometheus registry and the sink the libraries report to. */
export interface HostMetrics {
  /** What `/metrics` serves: the libraries' metrics, the host's gauges and Node's process metrics. */
  readonly registry: Registry;
  /** Handed to the wallet, the billing engine and the transport as their `metrics` option. */
  readonly sink: MetricsSink;
  /** A gauge read from `read` at every scrape. */
  gaugeOf(name: string, help: string, read: () => number): void;
}

/** A registry with every library metric declared (so each shows from the first scrape) and Node's default metrics. */
export function createHostMetrics(): HostMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'jyotishconnect_' });
  const registers = [registry];
  const counter = (name: MetricName, help: string, labelNames: string[]) =>
    new Counter({ name, help, labelNames, registers });
  const histogram = (name: MetricName, help: string, labelNames: string[], buckets: number[]) =>
    new Histogram({ name, help, labelNames, buckets, registers });
  const counters = new Map<string, Counter>([
    [
      metricNames.ticks,
      counter(metricNames.ticks, 'Billing intervals charged, or failed by error code.', ['outcome', 'code']),
    ],
    [
      metricNames.sessionTransitions,
      counter(metricNames.sessionTransitions, 'Consultation sessions moving between states.', ['from', 'to']),
    ],
    [
      metricNames.walletCommits,
      counter(metricNames.walletCommits, 'Wallet transactions committed, by kind.', ['kind']),
    ],
    [
      metricNames.walletRejections,
      counter(metricNames.walletRejections, 'Wallet writes the store refused, by error code.', ['code']),
    ],
    [metricNames.framesIn, counter(metricNames.framesIn, 'WebSocket frames received, by frame type.', ['type'])],
    [metricNames.framesOut, counter(metricNames.framesOut, 'WebSocket frames sent, by kind.', ['type'])],
  ]);
  const histograms = new Map<string, Histogram>([
    [
      metricNames.tickLateness,
      histogram(metricNames.tickLateness, 'Seconds between an interval ending and its charge.', [], LATENESS_BUCKETS),
    ],
    [
      metricNames.checkpointLateness,
      histogram(
        metricNames.checkpointLateness,
        'Seconds between a checkpoint inside an interval falling due and its write.',
        [],
        LATENESS_BUCKETS,
      ),
    ],
    [
      metricNames.storeCall,
      histogram(metricNames.storeCall, 'Seconds one storage call took.', ['store', 'method', 'outcome'], STORE_BUCKETS),
    ],
    [metricNames.busLag, histogram(metricNames.busLag, 'Seconds from a bus publish to its delivery.', [], BUS_BUCKETS)],
  ]);
  const gauges = new Map<string, Gauge>([
    [
      metricNames.socketsOpen,
      new Gauge({ name: metricNames.socketsOpen, help: 'WebSocket connections open.', registers }),
    ],
  ]);
  const sink: MetricsSink = {
    count: (name: MetricName, labels: MetricLabels, n: number) => counters.get(name)?.inc(labels, n),
    observe: (name: MetricName, labels: MetricLabels, value: number) => histograms.get(name)?.observe(labels, value),
    gauge: (name: MetricName, labels: MetricLabels, value: number) => gauges.get(name)?.set(labels, value),
  };
  return {
    registry,
    sink,
    gaugeOf: (name, help, read) =>
      void new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      }),
  };
}
