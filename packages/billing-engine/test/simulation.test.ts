import { createMemorySimulationWorld, simulateConsultations } from '@jyotishconnect/billing-engine/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../src/session-record.js';
import { reportRun } from '../src/testing/simulation/report.js';
import { failureOf, simulationPlan } from './simulation-plan.js';

// CI runs a fixed set of seeds; SIM_SEED and SIM_STEPS ask for one long run, SIM_RUNS for many seeds.
const plan = simulationPlan({ seeds: [11, 23, 37, 41, 59, 67, 73, 89, 97, 101], steps: 300 });
const runs: string[] = [];

describe('randomized simulation on memory stores, audited after every step', () => {
  afterAll(() => console.log(`simulation on memory: ${runs.length} seeds × ${plan.steps} steps (${runs.join('; ')})`));

  for (const seed of plan.seeds) {
    it(`seed ${seed}: two engines, presence, crashes, stalls, freezes, refunds`, async () => {
      const report = await simulateConsultations(await createMemorySimulationWorld(), { seed, steps: plan.steps });
      runs.push(`${seed}: ${report.sessions} sessions, ${report.billedSeconds} s billed`);
      expect(report.problems, failureOf(report)).toEqual([]);
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
      expect(report.problems, failureOf(report)).toEqual([]);
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

  it('a report keeps every version of the sessions its problems name, and of no other', () => {
    const version = (id: string, n: number) =>
      ({ id, version: n, status: 'ended', endReason: 'ended_by_user', servedMs: 0 }) as unknown as SessionRecord;
    const histories = new Map([
      ['s1', [version('s1', 1), version('s1', 2)]],
      ['s10', [version('s10', 1)]],
      ['s2', [version('s2', 1)]],
    ]);
    const counts = { crashes: 0, stalls: 0, disconnects: 0, freezes: 0, refunds: 0 };
    const problems = [
      's1: interval 1 billed 5000 ms while user:1 had been away',
      's2 (ended_by_user, rate 60): still active',
    ];
    const report = reportRun(7, histories, counts, 3, 3, problems);
    expect(report.trail).toEqual({ s1: histories.get('s1'), s2: histories.get('s2') });
    expect(reportRun(7, histories, counts, 3, null, []).trail).toEqual({});
  });
});
