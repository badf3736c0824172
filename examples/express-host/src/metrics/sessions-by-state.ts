import type { BillingEngine } from '@jyotishconnect/billing-engine';
import type { Clock } from '@jyotishconnect/core';
import { Gauge } from 'prom-client';
import type { HostMetrics } from './prometheus.js';

/** The gauge of open sessions in each state, read from the billing store at scrape time. */
export const SESSIONS_BY_STATE = 'jyotishconnect_billing_sessions';

/** How long one read of the counts answers scrapes: the store sees one read per window, however often it is scraped. */
export const SESSION_COUNTS_TTL_MS = 5_000;

/**
 * `read`, answered from its last result for `ttlMs` after it settled, with
 * concurrent callers sharing one call in flight; a failure is not kept (the
 * next call reads again). Timed on the host's clock, which tests drive by hand.
 */
export function cachedRead<T>(read: () => Promise<T>, clock: Clock, ttlMs: number): () => Promise<T> {
  let last: { readonly value: T; readonly at: number } | null = null;
  let inFlight: Promise<T> | null = null;
  return () => {
    if (last && clock.now() - last.at < ttlMs) return Promise.resolve(last.value);
    inFlight ??= read()
      .then((value) => {
        last = { value, at: clock.now() };
        return value;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}

/**
 * Declares `jyotishconnect_billing_sessions{state}`: every process sharing the
 * store reports the same counts, right across restarts, unlike the sessions a
 * process drives. The read is one indexed query over open sessions only, and
 * cached for {@link SESSION_COUNTS_TTL_MS}, so scraping cannot load billing's store.
 */
export function watchSessionsByState(metrics: HostMetrics, billing: BillingEngine, clock: Clock): void {
  const counts = cachedRead(() => billing.sessionsByState(), clock, SESSION_COUNTS_TTL_MS);
  new Gauge({
    name: SESSIONS_BY_STATE,
    help: 'Open consultation sessions in each state (offered, requested, active, paused), across every process.',
    labelNames: ['state'],
    registers: [metrics.registry],
    async collect() {
      try {
        for (const [state, sessions] of Object.entries(await counts())) this.set({ state }, sessions);
      } catch {
        // No samples rather than stale ones, and the rest of the scrape still answers: the failed
        // read shows in `jyotishconnect_store_call_duration_seconds{method="countSessionsByState",outcome="error"}`.
        this.reset();
      }
    },
  });
}
