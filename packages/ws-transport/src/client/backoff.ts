/** Reconnect delays: exponential with full jitter, so clients dropped together do not return together. */
export interface BackoffOptions {
  /** First delay ceiling in ms (default 250). */
  initialMs?: number;
  /** Largest delay ceiling in ms (default 10,000). */
  maxMs?: number;
}

/** The delay before reconnect attempt `attempt` (0-based): uniform in [0, min(max, initial·2^attempt)]. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs ?? 10_000, (options.initialMs ?? 250) * 2 ** Math.min(attempt, 20));
  return Math.round(random() * ceiling);
}
