import { isJyotishError, type ManualClock } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import type { ServiceType } from '../../session-record.js';
import { latestSessions } from './auditor.js';
import { type Histories, inOrder } from './history.js';
import type { SimulatedPresence } from './presence.js';
import type { Process } from './processes.js';
import type { Random } from './random.js';
import type { FaultCounts } from './report.js';

/** What the workload acts on: the shared world, the run's participants and processes, and what it has seen. */
export interface WorkloadContext {
  readonly rng: Random;
  readonly clock: ManualClock;
  readonly wallet: Wallet;
  readonly users: readonly string[];
  readonly consultants: readonly string[];
  readonly histories: Histories;
  readonly presence: SimulatedPresence;
  /** Sessions not known to have ended, so most actions hit a live one. */
  readonly open: ReadonlyMap<string, string>;
  /** Errors nobody expected; the auditor reports them after the step. */
  readonly unexpected: unknown[];
  /** Every process of the run, dead ones included; a restart replaces a dead one in place. */
  readonly processes: Process[];
  /** Starts a process (see `startProcess`): a restart passes `restore`. */
  readonly startProcess: (id: string, restore: boolean) => Promise<Process>;
}

const SERVICES: readonly ServiceType[] = ['chat', 'voice'];

/**
 * The random things that happen to a run, each drawn from the seed: API
 * calls by participants and the host, presence changes, freezes, refunds,
 * and the faults of processes (crash, stall, restart).
 */
export class Workload {
  /** Faults and events injected so far. */
  readonly counts: FaultCounts = { crashes: 0, stalls: 0, disconnects: 0, freezes: 0, refunds: 0 };
  readonly #ctx: WorkloadContext;
  /** Ids of top-ups, refunds and new processes: unique within the run. */
  #serial = 0;

  constructor(context: WorkloadContext) {
    this.#ctx = context;
  }

  /** Processes that can act now: alive and not stalled. */
  live(): Process[] {
    return this.#ctx.processes.filter((p) => p.alive && !p.stalled);
  }

  /** Moves the clock on a second at a time, letting every live engine catch up after each. */
  async advance(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= 1_000) {
      await this.#ctx.clock.advance(Math.min(left, 1_000));
      for (const p of this.live()) await p.engine.idle();
    }
  }

  /** Runs an action; refusals with a code are the API working, and a dead process's calls fail by design. */
  async attempt(action: () => Promise<unknown>, owner?: Process): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (isJyotishError(error) || (owner && !owner.alive)) return;
      this.#ctx.unexpected.push(error);
    }
  }

  /** Draws one API call on a random live engine, and returns it to run: the draw happens now, the call later. */
  engineAction(): () => Promise<void> {
    const { rng, open, histories, users, consultants, wallet } = this.#ctx;
    const owner = rng.pick(this.live());
    const engine = owner.engine;
    const openIds = [...open.keys()];
    const known = [...histories.keys()];
    const sessionId = openIds.length > 0 && rng.chance(0.9) ? rng.pick(openIds) : rng.pick([...known, 'missing']);
    const status = open.get(sessionId);
    const user = rng.pick(users);
    const consultant = rng.pick(consultants);
    const parties = histories.get(sessionId)?.[0];
    const actor = () => rng.pick([parties?.userId, parties?.consultantId, undefined]);
    // An accept mostly names the service last offered (as written), so switches happen.
    const offered = inOrder(histories.get(sessionId) ?? []).at(-1)?.offeredService ?? rng.pick(SERVICES);
    // Mostly the action that fits the session's status; sometimes any, to test refusals.
    const roll = rng.chance(0.25)
      ? rng.next()
      : status === 'requested'
        ? rng.pick([0.3, 0.3, 0.3, 0.37, 0.42])
        : status === 'active'
          ? rng.pick([0.5, 0.8, 0.1, 0.9, 0.94, 0.96])
          : status === 'paused'
            ? rng.pick([0.7, 0.7, 0.8, 0.94, 0.96])
            : status === 'offered'
              ? rng.pick([0.9, 0.9, 0.92])
              : rng.pick([0.1, 0.1, 0.87, 0.95]);
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
                    : roll < 0.89
                      ? () => engine.joinWaitlist({ userId: user, consultantId: consultant, service: 'chat' })
                      : roll < 0.91
                        ? () => engine.takeOffer(sessionId, parties?.userId ?? user)
                        : roll < 0.93
                          ? () => engine.passOffer(sessionId, parties?.userId ?? user)
                          : roll < 0.95
                            ? () =>
                                engine.offerService(sessionId, parties?.consultantId ?? consultant, rng.pick(SERVICES))
                            : roll < 0.97
                              ? () => engine.acceptService(sessionId, parties?.userId ?? user, offered)
                              : () =>
                                  wallet.topUp({ id: `topup:${this.#serial++}`, to: user, amount: rng.int(1, 5_000) });
    return () => this.attempt(action, owner);
  }

  /** A participant's connection closes, or one who is away connects again; the process holding it tells its engine. */
  async presenceChange(): Promise<void> {
    const { rng, clock, presence } = this.#ctx;
    const everyone = [...this.#ctx.users, ...this.#ctx.consultants];
    const away = everyone.filter((id) => presence.processOf(id) === undefined);
    const now = clock.now();
    if (away.length > 0 && this.live().length > 0 && rng.chance(0.6)) {
      const participant = rng.pick(away);
      const target = rng.pick(this.live());
      const awaySince = presence.latestAbsence(participant)?.since;
      presence.connect(participant, target.id, now);
      await this.attempt(() => target.engine.present(participant, awaySince), target);
      return;
    }
    const participant = rng.pick(everyone.filter((id) => !away.includes(id)));
    if (participant === undefined) return;
    const holder = presence.processOf(participant);
    presence.disconnect(participant, now);
    this.counts.disconnects++;
    const target = this.live().find((p) => p.id === holder) ?? this.live()[0];
    if (target) await this.attempt(() => target.engine.absent(participant, now), target);
  }

  /** An admin freezes a user's account, or lifts the freeze. */
  async freezeOrUnfreeze(): Promise<void> {
    const { rng, wallet } = this.#ctx;
    const user = rng.pick(this.#ctx.users);
    const frozen = (await wallet.getAccount(user))?.frozen ?? false;
    this.counts.freezes += frozen ? 0 : 1;
    await this.attempt(() => (frozen ? wallet.unfreeze(user) : wallet.freeze(user)));
  }

  /** An admin refunds part or all of an ended session's charges. */
  async refund(): Promise<void> {
    const { rng, wallet } = this.#ctx;
    const ended = latestSessions(this.#ctx.histories).filter((s) => s.status === 'ended' && s.userCharged > 0);
    if (ended.length === 0) return;
    const session = rng.pick(ended);
    const charges = Array.from({ length: session.nextIndex - 1 }, (_, i) => `${session.id}:${i + 1}`);
    const charged: string[] = [];
    for (const id of charges) if (await wallet.getTransaction(id)) charged.push(id);
    if (charged.length === 0) return;
    this.counts.refunds++;
    const amount = rng.chance(0.5) ? {} : { amount: rng.int(1, session.userCharged) };
    await this.attempt(() =>
      wallet.refundMany({
        id: `refund:${this.#serial++}`,
        transactionIds: charged,
        metadata: { sessionId: session.id },
        ...amount,
      }),
    );
  }

  /** A process dies mid-flight: its timers stop, its calls fail, its connections close. */
  async crash(): Promise<void> {
    const { rng } = this.#ctx;
    const victim = rng.pick(this.live());
    const inFlight = Promise.all(Array.from({ length: rng.int(0, 3) }, () => this.engineAction()()));
    for (let turns = rng.int(0, 6); turns > 0; turns--) await Promise.resolve();
    victim.crash();
    this.#ctx.presence.processDied(victim.id, this.#ctx.clock.now());
    this.counts.crashes++;
    await inFlight;
  }

  /** A process freezes mid-flight long enough for its leases to lapse, then wakes up with stale records. */
  async stall(): Promise<void> {
    const { rng } = this.#ctx;
    const victim = rng.pick(this.live());
    const inFlight = Promise.all(Array.from({ length: rng.int(0, 3) }, () => this.engineAction()()));
    for (let turns = rng.int(0, 6); turns > 0; turns--) await Promise.resolve();
    victim.stall();
    this.counts.stalls++;
    await this.advance(rng.pick([10_000, 40_000, 70_000]));
    victim.resume();
    await inFlight;
    await victim.engine.idle();
  }

  /** A dead process comes back. */
  async restart(): Promise<void> {
    const { rng, processes } = this.#ctx;
    const dead = processes.findIndex((p) => !p.alive);
    if (dead < 0) return;
    // Under the same id (resumes at once) or a new one (takes over when leases lapse).
    const id = rng.chance(0.5) ? (processes[dead] as Process).id : `engine:${this.#serial++}`;
    processes[dead] = await this.#ctx.startProcess(id, true);
  }
}
