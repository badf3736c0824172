import {
  type BillingConfigInput,
  type BillingEngine,
  type BillingStore,
  createBillingEngine,
  createRateCard,
  type ServiceType,
  type SessionRecord,
} from '@jyotishconnect/billing-engine';
import { isJyotishError, type ManualClock } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import { expect } from 'vitest';
import { CrashableClock, crashable } from './crash.js';
import { checkInvariants } from './invariants.js';
import { Random } from './random.js';

/** Where a simulation runs: one clock, one wallet and one billing store shared by every engine. */
export interface SimulationWorld {
  readonly clock: ManualClock;
  /** The wallet used for setup and the final checks. */
  readonly wallet: Wallet;
  /** A wallet for one engine (its own connections when the store is a server). */
  walletForEngine(): Promise<Wallet>;
  /** A billing store for one engine (its own connections when the store is a server). */
  storeForEngine(): Promise<BillingStore>;
}

/** Size and faults of one simulated run. */
export interface SimulationOptions {
  readonly seed: number;
  readonly users: number;
  readonly consultants: number;
  readonly steps: number;
  /** Kill engines mid-flight and restart them (same id, or a new one that takes over). */
  readonly crashes: boolean;
}

interface Process {
  engine: BillingEngine;
  id: string;
  alive: boolean;
  /** Frozen: its store and wallet calls wait, so its leases lapse while it still runs. */
  stalled: boolean;
  crash(): void;
  stall(): void;
  resume(): void;
}

const SERVICES: readonly ServiceType[] = ['chat', 'voice', 'video'];

/**
 * Drives two engines on one store through a random workload on the manual
 * clock (requests, accepts, rejects, cancels, pauses, resumes, ends, top-ups,
 * waitlists, racing actions on both engines, crashes and restarts), then ends
 * everything and checks every invariant of DESIGN.md.
 */
export async function simulate(world: SimulationWorld, options: SimulationOptions): Promise<void> {
  const rng = new Random(options.seed);
  const { clock, wallet } = world;
  const config: BillingConfigInput = {
    intervalSeconds: rng.pick([1, 5, 7, 15, 15, 30, 60]),
    commissionBps: rng.pick([0, 1_200, 2_000, 3_333, 10_000]),
    firstConsultationFreeSeconds: rng.pick([0, 0, 20, 100]),
    pauseGraceMs: rng.pick([20_000, 60_000]),
    maxDurationSeconds: rng.pick([14_400, 300, 77]),
    maxSessionsPerConsultant: rng.pick([1, 1, 2]),
    holdMarginMs: rng.pick([1_000, 30_000]),
    leaseTtlMs: rng.pick([5_000, 30_000]),
    minimumBalanceSeconds: rng.pick([0, 60]),
    requestTimeoutMs: 60_000,
    waitlistOfferTimeoutMs: 30_000,
    takeoverScanMs: 5_000,
    maxConcurrentTicks: rng.pick([1, 4, 64]),
  };
  const rates = createRateCard();
  const users = Array.from({ length: options.users }, (_, i) => `user:${options.seed}:${i}`);
  const consultants = Array.from({ length: options.consultants }, (_, i) => `consultant:${options.seed}:${i}`);
  for (const user of users) {
    await wallet.openAccount({ id: user, type: 'user' });
    await wallet.topUp({ id: `seed:${user}`, to: user, amount: rng.pick([1, 500, 3_000, 20_000, 200_000]) });
  }
  for (const consultant of consultants) {
    await wallet.openAccount({ id: consultant, type: 'consultant' });
    const rate = () => rng.pick([0, 1, 7, 100, 1_000, 2_500, 3_333, 9_999]);
    rates.set(consultant, { chat: rate(), voice: rate(), ...(rng.chance(0.3) ? { commissionBps: 1_500 } : {}) });
  }

  const histories = new Map<string, SessionRecord[]>();
  const known = new Set<string>();
  /** Sessions not known to have ended, by status, so most actions hit a live session. */
  const open = new Map<string, string>();
  const unexpected: unknown[] = [];
  let crashed = false;
  let generation = 0;

  async function startProcess(id: string, restore: boolean): Promise<Process> {
    const processClock = new CrashableClock(clock);
    const walletLink = crashable(await world.walletForEngine());
    const storeLink = crashable(recording(await world.storeForEngine(), histories));
    const engine = createBillingEngine({
      wallet: walletLink.value,
      store: storeLink.value,
      clock: processClock,
      rates,
      config: { ...config, engineId: id },
    });
    const process: Process = {
      engine,
      id,
      alive: true,
      stalled: false,
      crash() {
        process.alive = false;
        processClock.crash();
        walletLink.crash();
        storeLink.crash();
      },
      stall() {
        process.stalled = true;
        walletLink.stall();
        storeLink.stall();
      },
      resume() {
        process.stalled = false;
        walletLink.resume();
        storeLink.resume();
      },
    };
    engine.on('error', (error) => {
      if (process.alive) unexpected.push(error);
    });
    engine.on('session.requested', (session) => {
      known.add(session.id);
      open.set(session.id, 'requested');
    });
    for (const status of ['accepted', 'paused', 'resumed'] as const) {
      engine.on(`session.${status}`, (session) => open.set(session.id, session.status));
    }
    engine.on('session.ended', ({ session }) => open.delete(session.id));
    if (restore) await engine.restore();
    return process;
  }

  const processes = [await startProcess('engine:a', false), await startProcess('engine:b', false)];
  const live = () => processes.filter((p) => p.alive && !p.stalled);

  async function advance(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= 1_000) {
      await clock.advance(Math.min(left, 1_000));
      for (const p of live()) await p.engine.idle();
    }
  }

  async function attempt(action: () => Promise<unknown>, owner: Process): Promise<void> {
    try {
      await action();
    } catch (error) {
      // Refusals with a code are the API working; a crashed process's calls fail by design.
      if (isJyotishError(error) || !owner.alive) return;
      unexpected.push(error);
    }
  }

  function randomAction(): () => Promise<void> {
    const owner = rng.pick(live());
    const engine = owner.engine;
    const openIds = [...open.keys()];
    const sessionId = openIds.length > 0 && rng.chance(0.9) ? rng.pick(openIds) : rng.pick([...known, 'missing']);
    const status = open.get(sessionId);
    const user = rng.pick(users);
    const consultant = rng.pick(consultants);
    const actor = async () => {
      const session = await engine.getSession(sessionId);
      return rng.pick([session?.userId, session?.consultantId, undefined]);
    };
    // Mostly the action that fits the session's status; sometimes any action, to test refusals.
    const roll = rng.chance(0.25)
      ? rng.next()
      : status === 'requested'
        ? rng.pick([0.3, 0.3, 0.3, 0.37, 0.42])
        : status === 'active'
          ? rng.pick([0.5, 0.8, 0.1, 0.9])
          : status === 'paused'
            ? rng.pick([0.7, 0.7, 0.8])
            : rng.pick([0.1, 0.1, 0.9, 0.95]);
    const action: () => Promise<unknown> =
      roll < 0.2
        ? () => engine.request({ userId: user, consultantId: consultant, service: rng.pick(SERVICES.slice(0, 2)) })
        : roll < 0.35
          ? async () => engine.accept(sessionId, (await engine.getSession(sessionId))?.consultantId ?? consultant)
          : roll < 0.4
            ? async () => engine.reject(sessionId, (await engine.getSession(sessionId))?.consultantId ?? consultant)
            : roll < 0.45
              ? async () => engine.cancel(sessionId, (await engine.getSession(sessionId))?.userId ?? user)
              : roll < 0.6
                ? async () => engine.pause(sessionId, await actor())
                : roll < 0.75
                  ? async () => engine.resume(sessionId, await actor())
                  : roll < 0.85
                    ? async () => engine.end(sessionId, await actor())
                    : roll < 0.93
                      ? () => engine.joinWaitlist({ userId: user, consultantId: consultant, service: 'chat' })
                      : () => wallet.topUp({ id: `topup:${generation++}`, to: user, amount: rng.int(1, 5_000) });
    return () => attempt(action, owner);
  }

  for (let step = 0; step < options.steps; step++) {
    const roll = rng.next();
    if (live().length === 0 || (roll > 0.97 && live().length < 2)) {
      const dead = processes.findIndex((p) => !p.alive);
      if (dead >= 0) {
        // Restart under the same id (resumes at once) or a new one (takes over when leases lapse).
        const id = rng.chance(0.5) ? (processes[dead] as Process).id : `engine:${generation++}`;
        processes[dead] = await startProcess(id, true);
      }
    } else if (roll < 0.4) {
      await advance(rng.pick([rng.int(1, 2_000), rng.int(1, 20_000), (config.intervalSeconds ?? 15) * 1_000]));
    } else if (roll < 0.93 || !options.crashes) {
      // A burst of concurrent actions, often on both engines at once.
      await Promise.all(Array.from({ length: rng.int(1, 4) }, () => randomAction()()));
    } else if (roll < 0.96 || live().length < 2) {
      const victim = rng.pick(live());
      const inFlight = Promise.all(Array.from({ length: rng.int(0, 3) }, () => randomAction()()));
      for (let turns = rng.int(0, 6); turns > 0; turns--) await Promise.resolve();
      victim.crash();
      crashed = true;
      await inFlight;
    } else {
      // A process freezes mid-flight long enough for its leases to lapse: the other engine takes its
      // sessions over; then it wakes up, with stale records and wallet calls still to make.
      const victim = rng.pick(live());
      const inFlight = Promise.all(Array.from({ length: rng.int(0, 3) }, () => randomAction()()));
      for (let turns = rng.int(0, 6); turns > 0; turns--) await Promise.resolve();
      victim.stall();
      crashed = true;
      await advance(rng.pick([10_000, 40_000, 70_000]));
      victim.resume();
      await inFlight;
      await victim.engine.idle();
    }
  }

  // Wind down: restart the dead, end everything, let requests expire and holds lapse.
  for (let i = 0; i < processes.length; i++) {
    if (!(processes[i] as Process).alive) processes[i] = await startProcess((processes[i] as Process).id, true);
  }
  const finisher = (processes[0] as Process).engine;
  for (const id of known) await attempt(() => finisher.end(id), processes[0] as Process);
  await advance(180_000);
  for (const id of known) await attempt(() => finisher.end(id), processes[0] as Process);
  await advance(60_000);
  await wallet.expireHolds();
  for (const p of live()) await p.engine.close();

  expect(unexpected).toEqual([]);
  const sessions: SessionRecord[] = [];
  for (const id of known) {
    const history = histories.get(id) ?? [];
    const latest = [...history].sort((a, b) => b.version - a.version)[0];
    if (latest) sessions.push(latest);
  }
  expect(sessions.length).toBe(known.size);
  await checkInvariants(wallet, sessions, histories, {
    exactTime: !crashed,
    userIds: users,
    consultantIds: consultants,
  });
  for (const user of users) expect((await wallet.getAccount(user))?.held).toBe(0);
  if (process.env.SIM_STATS) {
    const reasons: Record<string, number> = {};
    for (const s of sessions) reasons[s.endReason ?? '?'] = (reasons[s.endReason ?? '?'] ?? 0) + 1;
    let handovers = 0;
    for (const history of histories.values()) {
      const owners = [...history].sort((a, b) => a.version - b.version).map((r) => r.leaseOwner);
      for (let i = 1; i < owners.length; i++)
        if (owners[i] && owners[i - 1] && owners[i] !== owners[i - 1]) handovers++;
    }
    const billedS = sessions.reduce((sum, s) => sum + s.servedMs, 0) / 1000;
    const intervals = sessions.reduce((sum, s) => sum + s.intervals, 0);
    const stats = {
      seed: options.seed,
      sessions: sessions.length,
      reasons,
      billedS,
      intervals,
      faults: crashed,
      handovers,
    };
    console.log(JSON.stringify(stats));
  }
}

/** Wraps a store to record every version of every session it writes. */
function recording(store: BillingStore, histories: Map<string, SessionRecord[]>): BillingStore {
  const remember = (record: SessionRecord) => {
    const history = histories.get(record.id) ?? [];
    history.push(record);
    histories.set(record.id, history);
  };
  return {
    async insertSession(record, limits) {
      const outcome = await store.insertSession(record, limits);
      if (outcome === 'created') remember(record);
      return outcome;
    },
    async updateSession(record) {
      const written = await store.updateSession(record);
      if (written) remember(record);
      return written;
    },
    getSession: (id) => store.getSession(id),
    openSessions: (filter) => store.openSessions(filter),
    claimableSessions: (query) => store.claimableSessions(query),
    hasAcceptedSession: (userId) => store.hasAcceptedSession(userId),
    enqueue: (entry) => store.enqueue(entry),
    dequeue: (entryId) => store.dequeue(entryId),
    queue: (consultantId) => store.queue(consultantId),
    queueEntryOf: (userId) => store.queueEntryOf(userId),
  };
}
