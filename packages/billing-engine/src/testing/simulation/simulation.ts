import { isJyotishError, type ManualClock } from '@jyotishconnect/core';
import { SYSTEM_ACCOUNTS, type Wallet } from '@jyotishconnect/wallet-store';
import type { BillingConfigInput } from '../../config.js';
import { type BillingEngine, createBillingEngine } from '../../engine.js';
import { createRateCard } from '../../rate-card.js';
import type { ServiceType } from '../../session.js';
import type { BillingStore } from '../../store.js';
import { auditFinal, auditStep, latestSessions } from './auditor.js';
import { CrashableClock, crashable } from './crash.js';
import { type Histories, recordingStore } from './history.js';
import { LedgerWatch } from './ledger.js';
import { SimulatedPresence } from './presence.js';
import { Random } from './random.js';

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
}

/** What a run did, and every invariant it found broken (none when it passed). */
export interface SimulationReport {
  readonly seed: number;
  /** Steps run (fewer than asked when a problem stopped the run). */
  readonly steps: number;
  readonly sessions: number;
  readonly billedSeconds: number;
  readonly endReasons: Readonly<Record<string, number>>;
  /** Faults and events injected. */
  readonly crashes: number;
  readonly stalls: number;
  readonly disconnects: number;
  readonly freezes: number;
  readonly refunds: number;
  /** The step after which the auditor first found a problem; `null` when none did. */
  readonly failedStep: number | null;
  readonly problems: readonly string[];
}

interface Process {
  readonly id: string;
  readonly engine: BillingEngine;
  alive: boolean;
  stalled: boolean;
  crash(): void;
  stall(): void;
  resume(): void;
}

const SERVICES: readonly ServiceType[] = ['chat', 'voice'];

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
  const rng = new Random(options.seed);
  const faults = options.faults ?? true;
  const { clock, wallet } = world;
  const config = {
    intervalSeconds: rng.pick([1, 5, 7, 15, 15, 30]),
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
  } satisfies BillingConfigInput;
  const rates = createRateCard();
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

  const histories: Histories = new Map();
  const partiesOf = (sessionId: string) => histories.get(sessionId)?.[0];
  const ledger = new LedgerWatch(partiesOf, {
    revenue: SYSTEM_ACCOUNTS.revenue,
    promotions: SYSTEM_ACCOUNTS.promotions,
  });
  ledger.watch(wallet);
  const presence = new SimulatedPresence([...users, ...consultants], ['engine:a', 'engine:b'], (items) =>
    rng.pick(items),
  );
  /** Sessions not known to have ended, so most actions hit a live one. */
  const open = new Map<string, string>();
  const unexpected: unknown[] = [];
  const counts = { crashes: 0, stalls: 0, disconnects: 0, freezes: 0, refunds: 0 };
  let serial = 0;

  async function startProcess(id: string, restore: boolean): Promise<Process> {
    const processClock = new CrashableClock(clock);
    const engineWallet = await world.walletForEngine();
    ledger.watch(engineWallet);
    const walletLink = crashable(engineWallet);
    const storeLink = crashable(recordingStore(await world.storeForEngine(), histories));
    const engine = createBillingEngine({
      wallet: walletLink.value,
      store: storeLink.value,
      clock: processClock,
      rates,
      presence,
      config: { ...config, engineId: id },
    });
    const process: Process = {
      id,
      engine,
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
    engine.on('session.requested', (session) => open.set(session.id, 'requested'));
    for (const status of ['accepted', 'paused', 'resumed'] as const) {
      engine.on(`session.${status}`, (session) => open.set(session.id, session.status));
    }
    engine.on('session.ended', ({ session }) => open.delete(session.id));
    if (restore) await engine.restore();
    return process;
  }

  const processes = [await startProcess('engine:a', false), await startProcess('engine:b', false)];
  const live = () => processes.filter((p) => p.alive && !p.stalled);
  const processNamed = (id: string | undefined) => live().find((p) => p.id === id);

  async function advance(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= 1_000) {
      await clock.advance(Math.min(left, 1_000));
      for (const p of live()) await p.engine.idle();
    }
  }

  /** Runs an action; refusals with a code are the API working, and a dead process's calls fail by design. */
  async function attempt(action: () => Promise<unknown>, owner?: Process): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (isJyotishError(error) || (owner && !owner.alive)) return;
      unexpected.push(error);
    }
  }

  function engineAction(): () => Promise<void> {
    const owner = rng.pick(live());
    const engine = owner.engine;
    const openIds = [...open.keys()];
    const known = [...histories.keys()];
    const sessionId = openIds.length > 0 && rng.chance(0.9) ? rng.pick(openIds) : rng.pick([...known, 'missing']);
    const status = open.get(sessionId);
    const user = rng.pick(users);
    const consultant = rng.pick(consultants);
    const parties = partiesOf(sessionId);
    const actor = () => rng.pick([parties?.userId, parties?.consultantId, undefined]);
    // Mostly the action that fits the session's status; sometimes any, to test refusals.
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
        ? () => engine.request({ userId: user, consultantId: consultant, service: rng.pick(SERVICES) })
        : roll < 0.35
          ? () => engine.accept(sessionId, parties?.consultantId ?? consultant)
          : roll < 0.4
            ? () => engine.reject(sessionId, parties?.consultantId ?? consultant)
            : roll < 0.45
              ? () => engine.cancel(sessionId, parties?.userId ?? user)
              : roll < 0.6
                ? () => engine.pause(sessionId, actor())
                : roll < 0.75
                  ? () => engine.resume(sessionId, actor())
                  : roll < 0.85
                    ? () => engine.end(sessionId, actor())
                    : roll < 0.93
                      ? () => engine.joinWaitlist({ userId: user, consultantId: consultant, service: 'chat' })
                      : () => wallet.topUp({ id: `topup:${serial++}`, to: user, amount: rng.int(1, 5_000) });
    return () => attempt(action, owner);
  }

  /** A participant's connection closes, or one who is away connects again; the process holding it tells its engine. */
  async function presenceChange(): Promise<void> {
    const everyone = [...users, ...consultants];
    const away = everyone.filter((id) => presence.processOf(id) === undefined);
    const now = clock.now();
    if (away.length > 0 && live().length > 0 && rng.chance(0.6)) {
      const participant = rng.pick(away);
      const target = rng.pick(live());
      const awaySince = presence.latestAbsence(participant)?.since;
      presence.connect(participant, target.id, now);
      await attempt(() => target.engine.present(participant, awaySince), target);
      return;
    }
    const participant = rng.pick(everyone.filter((id) => !away.includes(id)));
    if (participant === undefined) return;
    const holder = presence.processOf(participant);
    presence.disconnect(participant, now);
    counts.disconnects++;
    const target = processNamed(holder) ?? live()[0];
    if (target) await attempt(() => target.engine.absent(participant, now), target);
  }

  async function freezeOrUnfreeze(): Promise<void> {
    const user = rng.pick(users);
    const frozen = (await wallet.getAccount(user))?.frozen ?? false;
    counts.freezes += frozen ? 0 : 1;
    await attempt(() => (frozen ? wallet.unfreeze(user) : wallet.freeze(user)));
  }

  /** An admin refunds part or all of an ended session's charges. */
  async function refund(): Promise<void> {
    const ended = latestSessions(histories).filter((s) => s.status === 'ended' && s.userCharged > 0);
    if (ended.length === 0) return;
    const session = rng.pick(ended);
    const charges = Array.from({ length: session.nextIndex - 1 }, (_, i) => `${session.id}:${i + 1}`);
    const charged: string[] = [];
    for (const id of charges) if (await wallet.getTransaction(id)) charged.push(id);
    if (charged.length === 0) return;
    counts.refunds++;
    const amount = rng.chance(0.5) ? {} : { amount: rng.int(1, session.userCharged) };
    await attempt(() =>
      wallet.refundMany({
        id: `refund:${serial++}`,
        transactionIds: charged,
        metadata: { sessionId: session.id },
        ...amount,
      }),
    );
  }

  /** A process dies mid-flight: its timers stop, its calls fail, its connections close. */
  async function crash(): Promise<void> {
    const victim = rng.pick(live());
    const inFlight = Promise.all(Array.from({ length: rng.int(0, 3) }, () => engineAction()()));
    for (let turns = rng.int(0, 6); turns > 0; turns--) await Promise.resolve();
    victim.crash();
    presence.processDied(victim.id, clock.now());
    counts.crashes++;
    await inFlight;
  }

  /** A process freezes mid-flight long enough for its leases to lapse, then wakes up with stale records. */
  async function stall(): Promise<void> {
    const victim = rng.pick(live());
    const inFlight = Promise.all(Array.from({ length: rng.int(0, 3) }, () => engineAction()()));
    for (let turns = rng.int(0, 6); turns > 0; turns--) await Promise.resolve();
    victim.stall();
    counts.stalls++;
    await advance(rng.pick([10_000, 40_000, 70_000]));
    victim.resume();
    await inFlight;
    await victim.engine.idle();
  }

  async function restart(): Promise<void> {
    const dead = processes.findIndex((p) => !p.alive);
    if (dead < 0) return;
    // Under the same id (resumes at once) or a new one (takes over when leases lapse).
    const id = rng.chance(0.5) ? (processes[dead] as Process).id : `engine:${serial++}`;
    processes[dead] = await startProcess(id, true);
  }

  const subject = () => ({
    wallet,
    histories,
    ledger,
    presence,
    userIds: users,
    absenceGraceMs: config.absenceGraceMs,
    now: clock.now(),
  });
  const report = (steps: number, failedStep: number | null, problems: readonly string[]): SimulationReport => {
    const sessions = latestSessions(histories);
    const endReasons: Record<string, number> = {};
    for (const s of sessions) endReasons[s.endReason ?? s.status] = (endReasons[s.endReason ?? s.status] ?? 0) + 1;
    const billedSeconds = sessions.reduce((sum, s) => sum + Math.floor(s.servedMs / 1000), 0);
    return {
      seed: options.seed,
      steps,
      sessions: sessions.length,
      billedSeconds,
      endReasons,
      ...counts,
      failedStep,
      problems,
    };
  };
  const withUnexpected = (problems: string[]) => [
    ...unexpected.map((error) => `unexpected error: ${String(error)}`),
    ...problems,
  ];

  for (let step = 1; step <= options.steps; step++) {
    const roll = rng.next();
    if (live().length === 0 || (roll > 0.98 && live().length < 2)) await restart();
    else if (roll < 0.3)
      await advance(rng.pick([rng.int(1, 2_000), rng.int(1, 20_000), config.intervalSeconds * 1_000]));
    else if (roll < 0.75) await Promise.all(Array.from({ length: rng.int(1, 4) }, () => engineAction()()));
    else if (roll < 0.84) await presenceChange();
    else if (roll < 0.86) await freezeOrUnfreeze();
    else if (roll < 0.89) await refund();
    else if (roll < 0.9) await attempt(() => wallet.expireHolds());
    else if (!faults || roll < 0.93) await Promise.all(Array.from({ length: rng.int(1, 3) }, () => engineAction()()));
    else if (roll < 0.96 || live().length < 2) await crash();
    else await stall();
    const problems = withUnexpected(await auditStep(subject()));
    if (problems.length > 0) return report(step, step, problems);
  }

  // Wind down: restart the dead, end everything, let requests expire and holds lapse.
  for (let i = 0; i < processes.length; i++) {
    const process = processes[i] as Process;
    if (!process.alive) processes[i] = await startProcess(process.id, true);
  }
  const finisher = processes[0] as Process;
  for (const id of histories.keys()) await attempt(() => finisher.engine.end(id), finisher);
  await advance(180_000);
  for (const id of histories.keys()) await attempt(() => finisher.engine.end(id), finisher);
  await advance(60_000);
  for (const p of live()) await p.engine.close();
  // Billed time equals active time unless a process failed or a freeze wrote an interval off.
  const exactTime = counts.crashes + counts.stalls + counts.freezes === 0;
  const problems = withUnexpected(await auditFinal(subject(), { exactTime }));
  return report(options.steps, problems.length > 0 ? options.steps + 1 : null, problems);
}
