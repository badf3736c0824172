import type { BillingEngine } from '@jyotishconnect/billing-engine';
import { type Clock, timedPort } from '@jyotishconnect/core';
import type { Express } from 'express';
import type { HostConfig } from '../config.js';
import { serveMetrics } from './endpoint.js';
import type { HostMetrics } from './prometheus.js';
import { watchSessionsByState } from './sessions-by-state.js';

/** A storage port timed under `store` when metrics are on; the port itself otherwise. */
export function timedStore<T extends object>(port: T, metrics: HostMetrics | null, store: string): T {
  return metrics ? timedPort(port, metrics.sink, store) : port;
}

/** The host's own gauges, read at each scrape. */
export function watchEngine(metrics: HostMetrics | null, billing: BillingEngine, clock: Clock): void {
  if (!metrics) return;
  metrics.gaugeOf(
    'jyotishconnect_billing_sessions_driven',
    'Open sessions this process drives (ticks, expiries, pauses).',
    () => billing.drivenSessions,
  );
  watchSessionsByState(metrics, billing, clock);
}

/** Serves `/metrics` on the main port when the configuration asks for it. */
export function metricsRoute(app: Express, metrics: HostMetrics | null, config: HostConfig): void {
  const settings = config.metrics;
  if (!metrics || !settings?.onMainPort) return;
  app.get('/metrics', (req, res, next) => void serveMetrics(req, res, metrics, settings.token).catch(next));
}
