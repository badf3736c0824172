import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { isLoopback } from './loopback.js';

/** The environment variables of the Prometheus endpoint (merged into the host's `envSchema`). */
export const metricsEnvShape = {
  /** A separate listener that serves only `/metrics` (0: any free port). Off when unset. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Where the separate listener binds; loopback unless the operator says otherwise. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** A bearer token `/metrics` requires wherever it is served; with it, the main port serves `/metrics` too. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
} as const;

type MetricsEnv = z.output<z.ZodObject<typeof metricsEnvShape>>;

/** Where and how `/metrics` is served; `null` in the host configuration when metrics are off. */
export interface MetricsSettings {
  /** The separate listener's port, or `null` when there is none. */
  readonly port: number | null;
  /** The separate listener's address. */
  readonly host: string;
  /** The bearer token a scrape must send; `null`: none, as only this machine can reach the endpoint. */
  readonly token: string | null;
  /** Whether the main port serves `/metrics` as well. */
  readonly onMainPort: boolean;
}

/**
 * Reads the metrics settings. With `METRICS_TOKEN`, `/metrics` is served on
 * the main port and on `METRICS_PORT` (if set), to that bearer token only.
 * Without one, only a listener on this machine serves it: `METRICS_PORT` on a
 * loopback `METRICS_HOST`, or the main port of a demo bound to loopback.
 * Production serves nothing until one of the two is set.
 */
export function metricsOf(
  e: MetricsEnv,
  demo: boolean,
  main: { readonly host: string; readonly port: number },
): { metrics: MetricsSettings | null } {
  const port = e.METRICS_PORT ?? null;
  const token = e.METRICS_TOKEN ?? null;
  if (port !== null && port !== 0 && port === main.port) {
    throw new ConfigError('METRICS_PORT', `is PORT (${main.port}): give the metrics listener a port of its own`);
  }
  if (token === null && port !== null && !isLoopback(e.METRICS_HOST)) {
    throw new ConfigError(
      'METRICS_HOST',
      `${e.METRICS_HOST} is reachable from the network: set METRICS_TOKEN, or keep the metrics listener on 127.0.0.1`,
    );
  }
  const onMainPort = token !== null || (demo && port === null && isLoopback(main.host));
  if (!onMainPort && port === null) return { metrics: null };
  return { metrics: { port, host: e.METRICS_HOST, token, onMainPort } };
}
