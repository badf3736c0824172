import type { MetricLabels, MetricName, MetricsSink } from '../metrics.js';

/** One call a {@link RecordingMetrics} received. */
export interface RecordedMetric {
  readonly kind: 'count' | 'observe' | 'gauge';
  readonly name: MetricName;
  readonly labels: MetricLabels;
  readonly value: number;
}

/** A {@link MetricsSink} that keeps every call, for tests that check what a library reports. */
export class RecordingMetrics implements MetricsSink {
  /** Every call, oldest first. */
  readonly calls: RecordedMetric[] = [];

  /** Records a counter increment. */
  count(name: MetricName, labels: MetricLabels, n: number): void {
    this.calls.push({ kind: 'count', name, labels, value: n });
  }

  /** Records an observation. */
  observe(name: MetricName, labels: MetricLabels, value: number): void {
    this.calls.push({ kind: 'observe', name, labels, value });
  }

  /** Records a gauge setting. */
  gauge(name: MetricName, labels: MetricLabels, value: number): void {
    this.calls.push({ kind: 'gauge', name, labels, value });
  }

  /** The calls of one metric whose labels include every given label. */
  of(name: MetricName, labels: MetricLabels = {}): RecordedMetric[] {
    return this.calls.filter(
      (call) => call.name === name && Object.entries(labels).every(([key, value]) => call.labels[key] === value),
    );
  }

  /** The sum of a counter's increments over the matching calls. */
  total(name: MetricName, labels: MetricLabels = {}): number {
    return this.of(name, labels).reduce((sum, call) => sum + call.value, 0);
  }
}
