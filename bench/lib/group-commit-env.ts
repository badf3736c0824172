/**
 * Group commit's bounds as the billing bench's environment sets them: each engine process reads
 * them, and the parent names them beside its figures, so a figure says what it ran with.
 */
import { envNumber } from './common.js';

const KNOBS = ['BENCH_GROUP_MAX_BATCH', 'BENCH_GROUP_DELAY_MS', 'BENCH_GROUP_IN_FLIGHT'] as const;

/** Bounds for `engineFor`: `false` with BENCH_GROUP_COMMIT=off, else each bound set, or the bench's default. */
export function groupCommitFromEnv(): { maxBatch?: number; maxDelayMs: number; maxInFlight: number } | false {
  if (process.env.BENCH_GROUP_COMMIT === 'off') return false;
  return {
    // Unset: the engine's own limit, the most ticks that run at once.
    ...(process.env.BENCH_GROUP_MAX_BATCH ? { maxBatch: envNumber('BENCH_GROUP_MAX_BATCH', 1_000) } : {}),
    maxDelayMs: envNumber('BENCH_GROUP_DELAY_MS', 0, { zero: true }),
    maxInFlight: envNumber('BENCH_GROUP_IN_FLIGHT', 2),
  };
}

/** `off`, `on`, or `on` with the bounds the environment set, as the JSON's `groupCommit` reports it. */
export function groupCommitLabel(): string {
  if (groupCommitFromEnv() === false) return 'off';
  const set = KNOBS.filter((name) => process.env[name]);
  return set.length === 0 ? 'on' : `on (${set.map((name) => `${name}=${process.env[name]}`).join(', ')})`;
}
