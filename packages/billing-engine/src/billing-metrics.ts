import { isJyotishError, type MetricLabels, type MetricsSink, metricNames } from '@jyotishconnect/core';
import type { SessionStatus } from './session-record.js';

// What the engine reports to a host's metrics sink. The driver calls these
// only when a sink was given, so an engine without one allocates nothing here.

const CHARGED: MetricLabels = { outcome: 'charged', code: '' };
const NO_LABELS: MetricLabels = {};

/** An interval was charged at `now`; it ended at `endedAt` (epoch ms): counts it and how late it was charged. */
export function intervalCharged(metrics: MetricsSink, endedAt: number, now: number): void {
  metrics.count(metricNames.ticks, CHARGED, 1);
  metrics.observe(metricNames.tickLateness, NO_LABELS, Math.max(0, now - endedAt) / 1_000);
}

/** A checkpoint due at `dueAt` (epoch ms) was written at `now`: how late. */
export function checkpointWritten(metrics: MetricsSink, dueAt: number, now: number): void {
  metrics.observe(metricNames.checkpointLateness, NO_LABELS, Math.max(0, now - dueAt) / 1_000);
}

/** An interval could not be charged: the wallet refused it (`INSUFFICIENT_FUNDS`, `ACCOUNT_FROZEN`) or a wake-up failed. */
export function intervalFailed(metrics: MetricsSink, error: unknown): void {
  const code = typeof error === 'string' ? error : isJyotishError(error) ? error.code : 'INTERNAL';
  metrics.count(metricNames.ticks, { outcome: 'failed', code }, 1);
}

/** A session moved from one state to another. */
export function sessionMoved(metrics: MetricsSink, from: SessionStatus, to: SessionStatus): void {
  metrics.count(metricNames.sessionTransitions, { from, to }, 1);
}
