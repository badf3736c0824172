import { createMemorySimulationWorld, simulateConsultations } from '@jyotishconnect/billing-engine/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { simulationPlan } from './simulation-plan.js';

// CI runs a fixed set of seeds; SIM_SEED and SIM_STEPS ask for one long run, SIM_RUNS for many seeds.
const plan = simulationPlan({ seeds: [11, 23, 37, 41, 59, 67, 73, 89, 97, 101], steps: 300 });
const runs: string[] = [];

describe('randomized simulation on memory stores, audited after every step', () => {
  afterAll(() => console.log(`simulation on memory: ${runs.length} seeds × ${plan.steps} steps (${runs.join('; ')})`));

  for (const seed of plan.seeds) {
    it(`seed ${seed}: two engines, presence, crashes, stalls, freezes, refunds`, async () => {
      const report = await simulateConsultations(await createMemorySimulationWorld(), { seed, steps: plan.steps });
      runs.push(`${seed}: ${report.sessions} sessions, ${report.billedSeconds} s billed`);
      expect(report.problems, `seed ${seed} failed after step ${report.failedStep}`).toEqual([]);
    });
  }

  for (const seed of plan.seeds.slice(0, 4)) {
    it(`seed ${seed} with group commit: the same audit holds when ticks share batches`, async () => {
      const groupCommit = { maxBatch: 3, maxDelayMs: 0, maxInFlight: 1 };
      const report = await simulateConsultations(await createMemorySimulationWorld(), {
        seed,
        steps: plan.steps,
        groupCommit,
      });
      expect(report.problems, `seed ${seed} failed after step ${report.failedStep}`).toEqual([]);
    });
  }

  it('without faults, billed time equals active time exactly', async () => {
    const report = await simulateConsultations(await createMemorySimulationWorld(), {
      seed: plan.seeds[0] ?? 1,
      steps: plan.steps,
      faults: false,
    });
    expect(report.problems).toEqual([]);
    expect(report.crashes + report.stalls).toBe(0);
  });
});
