import type { ManualClock } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import type { BillingConfigInput } from '../../config.js';
import type { MemoryRateCard } from '../../rate-card.js';
import type { BillingStore } from '../../store.js';
import type { Random } from './random.js';

/** Where a simulation runs: one clock, and the wallet and billing store every engine shares. */
export interface SimulationWorld {
  /** The manual clock every process reads. */
  readonly clock: ManualClock;
  /** A wallet over the shared store, system accounts open: used for setup, top-ups, refunds and the audit. */
  readonly wallet: Wallet;
  /** A wallet over the shared store for one more process (its own connections, for a database). */
  walletForEngine(): Promise<Wallet>;
  /** The shared billing store, as one more process reaches it. */
  storeForEngine(): Promise<BillingStore>;
}

/** Size and faults of one run. */
export interface SimulationOptions {
  /** The same seed replays the same run. */
  readonly seed: number;
  /** Steps before the run winds down; the auditor checks every invariant after each. */
  readonly steps: number;
  /** Users (default 8). */
  readonly users?: number;
  /** Consultants (default 3). */
  readonly consultants?: number;
  /** Crash, stall and restart processes mid-flight (default true). */
  readonly faults?: boolean;
  /** The engines' `config.groupCommit` (default `false`: every call on its own). */
  readonly groupCommit?: BillingConfigInput['groupCommit'];
}

/** The engines' configuration in one run, as {@link simulationConfig} drew it. */
export type SimulationConfig = ReturnType<typeof simulationConfig>;

/** The run's participants: wallet account ids, also the ids they are known by to the engines. */
export interface Participants {
  readonly users: readonly string[];
  readonly consultants: readonly string[];
}

/**
 * Draws the engines' configuration from the seed. The choices include the
 * edges: 1-second intervals, 0% and 100% commission, no absence grace, a
 * maximum duration that is not a whole number of intervals.
 */
export function simulationConfig(rng: Random, groupCommit: BillingConfigInput['groupCommit'] = false) {
  const intervalSeconds = rng.pick([1, 5, 7, 15, 15, 30]);
  return {
    groupCommit,
    intervalSeconds,
    commissionBps: rng.pick([0, 1_200, 2_000, 3_333, 10_000]),
    firstConsultationFreeSeconds: rng.pick([0, 0, 20, 100]),
    pauseGraceMs: rng.pick([20_000, 60_000]),
    absenceGraceMs: rng.pick([0, 5_000, 10_000]),
    maxDurationSeconds: rng.pick([14_400, 300, 77]),
    maxSessionsPerConsultant: rng.pick([1, 1, 2]),
    holdMarginMs: rng.pick([1_000, 30_000]),
    leaseTtlMs: rng.pick([5_000, 30_000]),
    minimumBalanceSeconds: rng.pick([0, 60]),
    requestTimeoutMs: 60_000,
    waitlistOfferTimeoutMs: 30_000,
    takeoverScanMs: 5_000,
    holdSweepMs: rng.pick([0, 7_000]),
    maxConcurrentTicks: rng.pick([1, 4, 64]),
    // Drawn last, so the draws before it stay what they were for each seed.
    ...checkpoints(rng, intervalSeconds),
  } satisfies BillingConfigInput;
}

/** No checkpoints in half the runs; in the rest, checkpoints a third or a half of the interval apart (or 1 s). */
function checkpoints(rng: Random, intervalSeconds: number): { checkpointSeconds?: number } {
  const seconds = Math.max(1, Math.floor(intervalSeconds / rng.pick([2, 3])));
  return rng.chance(0.5) && seconds < intervalSeconds ? { checkpointSeconds: seconds } : {};
}

/**
 * Opens the run's accounts, named after the seed so runs sharing a database
 * never meet: users with a balance from 1 paisa to plenty, consultants with
 * rates from free to amounts that do not divide evenly into seconds.
 */
export async function seedParticipants(
  wallet: Wallet,
  rates: MemoryRateCard,
  rng: Random,
  options: SimulationOptions,
): Promise<Participants> {
  const users = Array.from({ length: options.users ?? 8 }, (_, i) => `user:${options.seed}:${i}`);
  const consultants = Array.from({ length: options.consultants ?? 3 }, (_, i) => `consultant:${options.seed}:${i}`);
  for (const user of users) {
    await wallet.openAccount({ id: user, type: 'user' });
    await wallet.topUp({ id: `seed:${user}`, to: user, amount: rng.pick([1, 500, 3_000, 20_000, 200_000]) });
  }
  for (const consultant of consultants) {
    await wallet.openAccount({ id: consultant, type: 'consultant' });
    const rate = () => rng.pick([0, 1, 7, 100, 1_000, 2_500, 3_333, 9_999]);
    rates.set(consultant, { chat: rate(), voice: rate(), ...(rng.chance(0.3) ? { commissionBps: 1_500 } : {}) });
  }
  return { users, consultants };
}
