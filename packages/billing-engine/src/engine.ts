import { type Clock, systemClock } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import { EventEmitter } from 'eventemitter3';
import { type BillingConfig, parseBillingConfig } from './config.js';
import { ConsultationFlow } from './consultation-flow.js';
import { SessionDriver } from './driver.js';
import type { BillingEngineOptions, ConsultantStatus, RequestInput } from './engine-options.js';
import { engineClosed, notAParticipant } from './errors.js';
import { type BillingEvents, type Session, toSession } from './events.js';
import { driverCalls } from './group-commit.js';
import { Intake } from './intake.js';
import { MemoryRateCard, type RateCard } from './rate-card.js';
import { type Scheduled, TickScheduler } from './scheduler.js';
import type { ServiceType } from './session-record.js';
import type { BillingStore, SessionCounts } from './store.js';
import { Supervisor } from './supervisor.js';
import { checkId, checkTime } from './validate.js';
import { type QueuePosition, Waitlist } from './waitlist.js';

/**
 * Runs paid consultations: request → accept → active ⇄ paused → ended, with the user's wallet charged every
 * interval by hold-then-capture, exactly `due(seconds used)` in total. Many engines may share one store.
 *
 * @example
 * ```ts
 * const engine = createBillingEngine({ wallet, store: createMemoryBillingStore(), config: { commissionBps: 1_200 } });
 * const session = await engine.request({ userId: 'user:asha', consultantId: 'consultant:guru', service: 'chat' });
 * await engine.accept(session.id, 'consultant:guru');
 * ```
 */
export class BillingEngine extends EventEmitter<BillingEvents> {
  /** The validated configuration. */
  readonly config: BillingConfig;
  /** The rate card prices are read from. */
  readonly rates: RateCard;
  readonly #wallet: Wallet;
  readonly #store: BillingStore;
  readonly #clock: Clock;
  readonly #intake: Intake;
  readonly #scheduler: TickScheduler<Scheduled>;
  readonly #driver: SessionDriver;
  readonly #supervisor: Supervisor;
  readonly #waitlist: Waitlist;
  readonly #flow: ConsultationFlow;
  readonly #background = new Set<Promise<void>>();
  #closed = false;

  constructor(options: BillingEngineOptions) {
    super();
    this.config = parseBillingConfig(options.config);
    this.rates = options.rates ?? new MemoryRateCard(this.config.rates);
    this.#wallet = options.wallet;
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#intake = new Intake({ ...options, clock: this.#clock, config: this.config, rates: this.rates });
    this.#scheduler = new TickScheduler<Scheduled>({
      clock: this.#clock,
      concurrency: this.config.maxConcurrentTicks,
      batchSize: this.config.tickBatchSize,
      run: (item) => this.#supervisor.run(item),
      onError: (error) => this.emit('error', error),
    });
    this.#driver = new SessionDriver({
      ...options,
      ...driverCalls(this.#wallet, this.#store, this.config.groupCommit),
      clock: this.#clock,
      config: this.config,
      events: this,
      scheduler: this.#scheduler,
      rolesHold: (session, payer) => this.#intake.rolesHold(session, payer),
      slotFreed: (consultantId) => this.#inBackground(this.#waitlist.offerNext(consultantId)),
    });
    this.#supervisor = new Supervisor({
      wallet: this.#wallet,
      store: this.#store,
      clock: this.#clock,
      config: this.config,
      scheduler: this.#scheduler,
      driver: this.#driver,
      intake: this.#intake,
      reportError: (error) => this.emit('error', error),
    });
    this.#waitlist = new Waitlist(
      this.#store,
      this.#clock,
      (entry) => this.#flow.offer(entry),
      {
        capacity: this.config.maxSessionsPerConsultant,
        averageConsultationSeconds: this.config.averageConsultationSeconds,
      },
      (consultantId) => this.emit('waitlist.changed', { consultantId }),
    );
    this.#flow = new ConsultationFlow({
      wallet: this.#wallet,
      store: this.#store,
      clock: this.#clock,
      config: this.config,
      events: this,
      intake: this.#intake,
      rates: this.rates,
      driver: this.#driver,
      waitlist: this.#waitlist,
      inBackground: (work) => this.#inBackground(work),
      assertOpen: () => this.#assertOpen(),
    });
    this.#supervisor.startHousekeeping();
  }

  /** Sessions this engine drives right now. */
  get drivenSessions(): number {
    return this.#driver.entries.size;
  }

  /** Open sessions in each state, across every engine sharing the store: one read of the store per call. */
  sessionsByState(): Promise<SessionCounts> {
    return this.#store.countSessionsByState();
  }

  // The actions hand back the flow's own promise: no extra await turn between concurrent calls.

  /** A user asks a consultant for a consultation; nothing is charged until the consultant accepts. */
  request(input: RequestInput): Promise<Session> {
    return this.#flow.request(input);
  }

  /** The consultant accepts a request; the first interval is reserved and billing starts. */
  accept(sessionId: string, consultantId: string): Promise<Session> {
    return this.#flow.accept(sessionId, consultantId);
  }

  /** The consultant declines a request. */
  reject(sessionId: string, consultantId: string): Promise<Session> {
    return this.#flow.reject(sessionId, consultantId);
  }

  /** The user withdraws a request before it is accepted. */
  cancel(sessionId: string, userId: string): Promise<Session> {
    return this.#flow.cancel(sessionId, userId);
  }

  /** Stops billing while a participant is away (`actorId` a participant, or omitted for the host). */
  pause(sessionId: string, actorId?: string): Promise<Session> {
    return this.#flow.pause(sessionId, actorId);
  }

  /** Resumes billing with a fresh interval. */
  resume(sessionId: string, actorId?: string): Promise<Session> {
    return this.#flow.resume(sessionId, actorId);
  }

  /**
   * A participant's last connection closed at `at` (default now; the transport calls this): their open
   * sessions mark them away; an active one pauses after `absenceGraceMs`, so nobody pays for a side's absence.
   */
  async absent(participantId: string, at?: number): Promise<void> {
    this.#assertOpen();
    const id = checkId(participantId, 'participantId');
    await this.#supervisor.reportPresence(id, false, at === undefined ? this.#clock.now() : checkTime(at, 'at'));
  }

  /**
   * A participant connected again, after being away since `awaySince` when the transport knows it: their sessions
   * mark them present, an absence that outlasted the grace unnoticed is billed only up to its deadline, and a session
   * paused for absence resumes once both sides are back.
   */
  async present(participantId: string, awaySince?: number): Promise<void> {
    this.#assertOpen();
    const id = checkId(participantId, 'participantId');
    const since = awaySince === undefined ? undefined : checkTime(awaySince, 'awaySince');
    await this.#supervisor.reportPresence(id, true, since);
  }

  /** The consultant offers to switch an active or paused session to another service (a chat to a call). */
  offerService(sessionId: string, consultantId: string, service: ServiceType): Promise<Session> {
    return this.#flow.offerService(sessionId, consultantId, service);
  }

  /** The user accepts the offered service: billed at its rate from now on (`INSUFFICIENT_FUNDS` if not covered). */
  acceptService(sessionId: string, userId: string, service: ServiceType): Promise<Session> {
    return this.#flow.acceptService(sessionId, userId, service);
  }

  /** The user declines the offered service; the consultant hears of it through `session.serviceDeclined`. */
  declineService(sessionId: string, userId: string, service: ServiceType): Promise<Session> {
    return this.#flow.declineService(sessionId, userId, service);
  }

  /** Ends an accepted session, charging the seconds served; the summary is in the result. */
  end(sessionId: string, actorId?: string): Promise<Session> {
    return this.#flow.end(sessionId, actorId);
  }

  /** Reads a session; with `actorId`, only a participant may (`NOT_A_PARTICIPANT`). */
  async getSession(sessionId: string, actorId?: string): Promise<Session | null> {
    const session = await this.#store.getSession(checkId(sessionId, 'sessionId'));
    if (!session) return null;
    if (actorId !== undefined && actorId !== session.userId && actorId !== session.consultantId) {
      throw notAParticipant(sessionId, actorId);
    }
    return toSession(session);
  }

  /** The user's requested, active or paused session, or `null` (one at a time per user). */
  async openSessionOf(userId: string): Promise<Session | null> {
    const [open] = await this.#store.openSessions({ userId: checkId(userId, 'userId') });
    return open ? toSession(open) : null;
  }

  /** Every requested, active or paused session a participant (user or consultant) takes part in. */
  async openSessionsOf(participantId: string): Promise<Session[]> {
    return (await this.#supervisor.openRecordsOf(checkId(participantId, 'participantId'))).map(toSession);
  }

  /** The free seconds a request of the user to the consultant would get now, to show before the request. */
  async freeSecondsFor(userId: string, consultantId: string): Promise<number> {
    return await this.#intake.freeSecondsFor(checkId(userId, 'userId'), checkId(consultantId, 'consultantId'));
  }

  /** A consultant's open sessions and whether they are busy. */
  async consultantStatus(consultantId: string): Promise<ConsultantStatus> {
    const open = await this.#store.openSessions({ consultantId: checkId(consultantId, 'consultantId') });
    const capacity = this.config.maxSessionsPerConsultant;
    const waiting = await this.#waitlist.length(consultantId);
    return { openSessions: open.length, capacity, busy: open.length >= capacity, waiting };
  }

  /**
   * Queues a user for a consultant (`USER_BUSY` while the user has an open session or offer); when a slot frees, the
   * first in line is offered it (`waitlist.offered`). Position 0: the slot was offered at once.
   */
  joinWaitlist(input: { userId: string; consultantId: string; service: ServiceType }): Promise<QueuePosition> {
    return this.#flow.joinWaitlist(input);
  }

  /** The user takes the slot a waitlist offered them: it becomes a request the consultant answers. */
  takeOffer(sessionId: string, userId: string): Promise<Session> {
    return this.#flow.takeOffer(sessionId, userId);
  }

  /** The user passes on the slot offered to them; the next user in line is offered it. */
  passOffer(sessionId: string, userId: string): Promise<Session> {
    return this.#flow.passOffer(sessionId, userId);
  }

  /** Takes a user out of the queue they wait in; false if they wait nowhere. */
  async leaveWaitlist(userId: string): Promise<boolean> {
    return await this.#waitlist.leave(checkId(userId, 'userId'));
  }

  /** Everyone waiting for a consultant, first in line first, with their estimated waits. */
  async waitlistOf(consultantId: string): Promise<QueuePosition[]> {
    return await this.#waitlist.positions(checkId(consultantId, 'consultantId'));
  }

  /** The user's place in line, or `null` when they wait nowhere. */
  async waitlistPosition(userId: string): Promise<QueuePosition | null> {
    return await this.#waitlist.position(checkId(userId, 'userId'));
  }

  /**
   * Resumes every open session whose lease ended or is held under this engine's id (a restart): downtime is not
   * charged, and a session down longer than `pauseGraceMs` ends as `interrupted`. Returns how many it now drives.
   */
  async restore(): Promise<number> {
    this.#assertOpen();
    await this.#supervisor.claim(this.#driver.owner);
    return this.#driver.entries.size;
  }

  /** Resolves once no tick, action side effect or waitlist offer is in flight (for manual clocks). */
  async idle(): Promise<void> {
    for (;;) {
      await this.#scheduler.idle();
      if (this.#background.size === 0) return;
      await Promise.all(this.#background);
    }
  }

  /** Stops the timers and waits for work in flight. Leases lapse; `restore()` under the same id resumes. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#scheduler.close();
    await this.idle();
  }

  #inBackground(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => void this.emit('error', error));
    this.#background.add(tracked);
    void tracked.then(() => this.#background.delete(tracked));
  }

  #assertOpen(): void {
    if (this.#closed) throw engineClosed();
  }
}

/** Creates a billing engine; see {@link BillingEngine}. */
export function createBillingEngine(options: BillingEngineOptions): BillingEngine {
  return new BillingEngine(options);
}
