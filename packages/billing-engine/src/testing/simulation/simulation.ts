import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { createRateCard } from '../../rate-card.js';
import { auditFinal, auditStep } from './auditor.js';
import type { Histories } from './history.js';
import { LedgerWatch } from './ledger.js';
import { SimulatedPresence } from './presence.js';
import { type Process, startProcess } from './processes.js';
import { Random } from './random.js';
import { reportRun, type SimulationReport } from './report.js';
import { type SimulationOptions, type SimulationWorld, seedParticipants, simulationConfig } from './setup.js';
import { Workload } from './workload.js';

/**
 * A seeded, deterministic simulation of wallet + billing + presence on a
 * manual clock: two engines (processes) on one store, with random requests,
 * accepts, pauses, ends, top-ups, waitlists, disconnects and reconnects of
 * either side, process crashes with `restore()` or takeover, stalls past a
 * lease, hold expiries and sweeps, freezes and refunds. After every step an
 * auditor checks the invariants of DESIGN.md; the run stops at the first
 * problem, so its seed and step reproduce it. Run it against your own store
 * adapters through {@link SimulationWorld}.
 *
 * @example
 * ```ts
 * const report = await simulateConsultations(await createMemorySimulationWorld(), { seed: 7, steps: 200 });
 * expect(report.problems).toEqual([]);
 * ```
 */
export async function simulateConsultations(
  world: SimulationWorld,
  options: SimulationOptions,
): Promise<SimulationReport> {
  // Every draw comes from this one generator, in a fixed order: that is what makes a seed replay its run.
  const rng = new Random(options.seed);
  const faults = options.faults ?? true;
  const { clock, wallet } = world;
  const config = simulationConfig(rng, options.groupCommit);
  const rates = createRateCard();
  const { users, consultants } = await seedParticipants(wallet, rates, rng, options);

  const histories: Histories = new Map();
  const ledger = new LedgerWatch((sessionId) => histories.get(sessionId)?.[0], {
    revenue: SYSTEM_ACCOUNTS.revenue,
    promotions: SYSTEM_ACCOUNTS.promotions,
  });
  ledger.watch(wallet);
  const presence = new SimulatedPresence([...users, ...consultants], ['engine:a', 'engine:b'], (items) =>
    rng.pick(items),
  );
  const open = new Map<string, string>();
  const unexpected: unknown[] = [];
  const processContext = { world, clock, config, rates, presence, ledger, histories, open, unexpected };
  const start = (id: string, restore: boolean) => startProcess(id, restore, processContext);
  const processes = [await start('engine:a', false), await start('engine:b', false)];
  const workload = new Workload({
    rng,
    clock,
    wallet,
    users,
    consultants,
    histories,
    presence,
    open,
    unexpected,
    processes,
    startProcess: start,
  });
  const { counts } = workload;
  const live = () => workload.live();

  const subject = () => ({
    wallet,
    histories,
    ledger,
    presence,
    userIds: users,
    absenceGraceMs: config.absenceGraceMs,
    now: clock.now(),
  });
  const report = (steps: number, failedStep: number | null, problems: readonly string[]) =>
    reportRun(options.seed, histories, counts, steps, failedStep, problems);
  const withUnexpected = (problems: string[]) => [
    ...unexpected.map((error) => `unexpected error: ${String(error)}`),
    ...problems,
  ];

  for (let step = 1; step <= options.steps; step++) {
    const roll = rng.next();
    if (live().length === 0 || (roll > 0.98 && live().length < 2)) await workload.restart();
    else if (roll < 0.3)
      await workload.advance(rng.pick([rng.int(1, 2_000), rng.int(1, 20_000), config.intervalSeconds * 1_000]));
    else if (roll < 0.75) await Promise.all(Array.from({ length: rng.int(1, 4) }, () => workload.engineAction()()));
    else if (roll < 0.84) await workload.presenceChange();
    else if (roll < 0.86) await workload.freezeOrUnfreeze();
    else if (roll < 0.89) await workload.refund();
    else if (roll < 0.9) await workload.attempt(() => wallet.expireHolds());
    else if (!faults || roll < 0.93)
      await Promise.all(Array.from({ length: rng.int(1, 3) }, () => workload.engineAction()()));
    else if (roll < 0.96 || live().length < 2) await workload.crash();
    else await workload.stall();
    const problems = withUnexpected(await auditStep(subject()));
    if (problems.length > 0) return report(step, step, problems);
  }

  // Wind down: restart the dead, end everything, let requests expire and holds lapse.
  for (let i = 0; i < processes.length; i++) {
    const process = processes[i] as Process;
    if (!process.alive) processes[i] = await start(process.id, true);
  }
  const finisher = processes[0] as Process;
  for (const id of histories.keys()) await workload.attempt(() => finisher.engine.end(id), finisher);
  await workload.advance(180_000);
  for (const id of histories.keys()) await workload.attempt(() => finisher.engine.end(id), finisher);
  await workload.advance(60_000);
  for (const p of live()) await p.engine.close();
  // Billed time equals active time unless a process failed or a freeze wrote an interval off.
  const exactTime = counts.crashes + counts.stalls + counts.freezes === 0;
  const problems = withUnexpected(await auditFinal(subject(), { exactTime }));
  return report(options.steps, problems.length > 0 ? options.steps + 1 : null, problems);
}
