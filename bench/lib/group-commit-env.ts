/**
 * Group commit's bounds as the billing bench's environment sets them: each engine process reads
 * them, and the parent names them beside its figures, so a figure says what it ran with.
 */
import { envNumber } from './common.js';

const KNOBS = {
  BENCH_GROUP_MAX_BATCH: 'maxBatch',
  BENCH_GROUP_DELAY_MS: 'maxDelayMs',
  BENCH_GROUP_IN_FLIGHT: 'maxInFlight',
} as const;

/** Group commit's bounds, by name. */
type Bounds = Partial<Record<(typeof KNOBS)[keyof typeof KNOBS], number>>;

/** Bounds for `engineFor`: `false` with BENCH_GROUP_COMMIT=off, else each bound the environment sets (unset: the engine's default). */
export function groupCommitFromEnv(): Bounds | false {
  if (process.env.BENCH_GROUP_COMMIT === 'off') return false;
  const bounds: Bounds = {};
  for (const [name, bound] of Object.entries(KNOBS)) {
    if (process.env[name]) bounds[bound] = envNumber(name, 0, { zero: bound === 'maxDelayMs' });
  }
  return bounds;
}

/**
 * `off`, `on`, or `on` with the bounds (and BENCH_CONCURRENCY, the ticks in flight its batches
 * hold) the environment set, as the JSON's `groupCommit` reports it.
 */
export function groupCommitLabel(): string {
  if (groupCommitFromEnv() === false) return 'off';
  const set = [...Object.keys(KNOBS), 'BENCH_CONCURRENCY'].filter((name) => process.env[name]);
  return set.length === 0 ? 'on' : `on (${set.map((name) => `${name}=${process.env[name]}`).join(', ')})`;
}
