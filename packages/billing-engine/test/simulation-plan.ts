import type { SimulationReport } from '@jyotishconnect/billing-engine/testing';

/** Which seeds a simulation test runs, and how long: fixed for CI, or asked for through the environment. */
export interface SimulationPlan {
  readonly seeds: readonly number[];
  readonly steps: number;
}

/**
 * `SIM_SEED=n` replays one seed, `SIM_RUNS=n` runs n seeds from it (or from
 * 1), and `SIM_STEPS=n` sets the length; without them, the CI defaults.
 */
export function simulationPlan(defaults: SimulationPlan): SimulationPlan {
  const env = process.env;
  const steps = env.SIM_STEPS ? Number(env.SIM_STEPS) : defaults.steps;
  if (!env.SIM_SEED && !env.SIM_RUNS) return { seeds: defaults.seeds, steps };
  const first = Number(env.SIM_SEED ?? 1);
  const count = Number(env.SIM_RUNS ?? 1);
  return { seeds: Array.from({ length: count }, (_, i) => first + i), steps };
}

/** Why a seed failed: the step it failed after, and every version of each session its problems name. */
export function failureOf(report: SimulationReport): string {
  return `seed ${report.seed} failed after step ${report.failedStep}; the sessions named, as written: ${JSON.stringify(report.trail)}`;
}
