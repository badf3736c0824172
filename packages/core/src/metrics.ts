/** Label values of one measurement: a small, bounded set per metric (never ids or amounts). */
export type MetricLabels = Readonly<Record<string, string>>;

/**
 * Where the libraries report what is worth measuring. A host maps each name
 * to its metrics system (Prometheus, StatsD, OpenTelemetry); the libraries
 * themselves depend on none. Every library takes it as an optional
 * `metrics` option and makes no call (and no allocation) without one.
 */
export interface MetricsSink {
  /** Adds `n` to a monotonic counter. */
  count(name: MetricName, labels: MetricLabels, n: number): void;
  /** Records one observation of a distribution (a histogram or summary), in the unit the name ends with. */
  observe(name: MetricName, labels: MetricLabels, value: number): void;
  /** Sets a gauge to its current value. */
  gauge(name: MetricName, labels: MetricLabels, value: number): void;
}

/**
 * The metric names the libraries report, with their labels. Names follow
 * Prometheus conventions (`_total` counters, base units in the suffix).
 */
export const metricNames = {
  /** Counter `{outcome: charged|failed, code}`: billing intervals settled, or failed with an error code (`code` is empty when charged). */
  ticks: 'jyotishconnect_billing_ticks_total',
  /** Histogram, seconds: how long after its interval ended an interval was charged. */
  tickLateness: 'jyotishconnect_billing_tick_lateness_seconds',
  /** Histogram, seconds: how long after a checkpoint inside an interval fell due the record was written. */
  checkpointLateness: 'jyotishconnect_billing_checkpoint_lateness_seconds',
  /** Counter `{from, to}`: sessions moving between states (`requested`, `active`, `paused`, `ended`, …). */
  sessionTransitions: 'jyotishconnect_billing_session_transitions_total',
  /** Counter `{kind}`: wallet transactions committed (replays not counted). */
  walletCommits: 'jyotishconnect_wallet_commits_total',
  /** Counter `{code}`: wallet writes the store refused (`INSUFFICIENT_FUNDS`, `ACCOUNT_FROZEN`, …). */
  walletRejections: 'jyotishconnect_wallet_rejections_total',
  /** Histogram `{store, method, outcome: ok|error}`, seconds: one call of a storage port. */
  storeCall: 'jyotishconnect_store_call_duration_seconds',
  /** Gauge: WebSocket connections open in this process. */
  socketsOpen: 'jyotishconnect_ws_sockets_open',
  /** Counter `{type}`: frames received, by frame type (`invalid` when unreadable). */
  framesIn: 'jyotishconnect_ws_frames_received_total',
  /** Counter `{type: ack|error|event}`: frames sent to clients. */
  framesOut: 'jyotishconnect_ws_frames_sent_total',
  /** Histogram, seconds: from publishing an event on the bus to its delivery in a subscribed process. */
  busLag: 'jyotishconnect_ws_bus_lag_seconds',
} as const;

/** One of {@link metricNames}. */
export type MetricName = (typeof metricNames)[keyof typeof metricNames];

/** A sink that drops everything: for code that wants a sink object rather than an optional one. */
export const noopMetrics: MetricsSink = {
  count: () => undefined,
  observe: () => undefined,
  gauge: () => undefined,
};
