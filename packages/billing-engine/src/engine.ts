import { type Clock, isJyotishError, systemClock } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import { EventEmitter } from 'eventemitter3';
import { type BillingConfig, parseBillingConfig } from './config.js';
import { SessionDriver, type Step } from './driver.js';
import type { BillingEngineOptions, ConsultantStatus, RequestInput } from './engine-options.js';
import {
  consultantBusy,
  engineClosed,
  insufficientFunds,
  invalidInput,
  invalidTransition,
  notAParticipant,
  userBusy,
} from './errors.js';
import { type BillingEvents, type Session, toSession } from './events.js';
import { Intake } from './intake.js';
import { minimumBalance } from './plan.js';
import { MemoryRateCard, type RateCard } from './rate-card.js';
import { type Scheduled, TickScheduler } from './scheduler.js';
import {
  acceptSession,
  closeRequest,
  type EndReason,
  endSession,
  pauseSession,
  resumeSession,
  type ServiceType,
  type SessionRecord,
} from './session.js';
import type { BillingStore, InsertSessionOutcome, WaitlistEntry } from './store.js';
import { Supervisor } from './supervisor.js';
import { checkId, checkService, checkTime } from './validate.js';
import { type QueuePosition, Waitlist } from './waitlist.js';

/**
 * Runs paid consultations: request → accept → active ⇄ paused → ended, with
 * the user's wallet charged every interval by hold-then-capture, exactly
 * `due(seconds used)` in total. Many engines may share one store.
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
      wallet: this.#wallet,
      store: this.#store,
      clock: this.#clock,
      config: this.config,
      events: this,
      scheduler: this.#scheduler,
      rolesHold: (session, payer) => this.#intake.rolesHold(session, payer),
      slotFreed: (consultantId) => this.#inBackground(this.#waitlist.offerNext(consultantId)),
      presence: options.presence,
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
    this.#waitlist = new Waitlist(this.#store, this.#clock, (entry) => this.#offer(entry));
    this.#supervisor.startHousekeeping();
  }

  /** Sessions this engine drives right now. */
  get drivenSessions(): number {
    return this.#driver.entries.size;
  }

  /** A user asks a consultant for a consultation; nothing is charged until the consultant accepts. */
  async request(input: RequestInput): Promise<Session> {
    this.#assertOpen();
    const service = checkService(input.service);
    if (await this.#waitlist.length(checkId(input.consultantId, 'consultantId'))) {
      this.#inBackground(this.#waitlist.offerNext(input.consultantId));
      throw consultantBusy(input.consultantId);
    }
    const id = input.id === undefined ? globalThis.crypto.randomUUID() : checkId(input.id, 'id');
    const { outcome, session } = await this.#createRequest(
      id,
      { ...input, service },
      'direct',
      this.config.requestTimeoutMs,
    );
    if (outcome === 'created') return toSession(session);
    if (outcome === 'user_busy') throw userBusy(input.userId);
    if (outcome === 'consultant_busy') throw consultantBusy(input.consultantId);
    const stored = await this.#store.getSession(id);
    if (!stored || stored.userId !== input.userId || stored.consultantId !== input.consultantId) {
      throw invalidInput('id', 'is already used by another session');
    }
    return toSession(stored);
  }

  /** The consultant accepts a request; the first interval is reserved and billing starts. */
  async accept(sessionId: string, consultantId: string): Promise<Session> {
    return await this.#act(sessionId, consultantId, 'consultant', async (session) => {
      const now = this.#clock.now();
      if (session.status === 'requested' && now >= session.requestExpiresAt) {
        throw invalidTransition(session.id, 'expired', 'accept');
      }
      const accepted = acceptSession(session, now);
      const payer = await this.#wallet.getAccount(session.userId);
      await this.#intake.assertRoles(session, payer);
      this.#intake.assertMinimum(session, payer);
      const available = payer?.available ?? 0;
      const step = this.#driver.steps.continueAt(accepted, now, available);
      if (step.next.status === 'ended') {
        throw insufficientFunds(session.userId, minimumBalance(session, 1), available);
      }
      return step;
    });
  }

  /** The consultant declines a request. */
  async reject(sessionId: string, consultantId: string): Promise<Session> {
    return await this.#act(sessionId, consultantId, 'consultant', async (session) => ({
      next: closeRequest(session, this.#clock.now(), 'rejected'),
    }));
  }

  /** The user withdraws a request before it is accepted. */
  async cancel(sessionId: string, userId: string): Promise<Session> {
    return await this.#act(sessionId, userId, 'user', async (session) => ({
      next: closeRequest(session, this.#clock.now(), 'cancelled'),
    }));
  }

  /** Stops billing while a participant is away (`actorId` a participant, or omitted for the host). */
  async pause(sessionId: string, actorId?: string): Promise<Session> {
    return await this.#act(sessionId, actorId, 'any', async (session) => ({
      next: pauseSession(session, this.#clock.now()),
    }));
  }

  /** Resumes billing with a fresh interval. */
  async resume(sessionId: string, actorId?: string): Promise<Session> {
    return await this.#act(sessionId, actorId, 'any', async (session) =>
      this.#driver.steps.resumeStep(resumeSession(session), this.#clock.now()),
    );
  }

  /**
   * A participant's last connection closed at `at` (default now; the
   * transport calls this): their open sessions mark them away, and an active
   * one pauses once they have been away `absenceGraceMs`, so nobody pays for
   * time a side was not there.
   */
  async absent(participantId: string, at?: number): Promise<void> {
    this.#assertOpen();
    const id = checkId(participantId, 'participantId');
    await this.#supervisor.reportPresence(id, false, at === undefined ? this.#clock.now() : checkTime(at, 'at'));
  }

  /**
   * A participant connected again, after being away since `awaySince` when
   * the transport knows it: their sessions mark them present, an absence that
   * outlasted the grace unnoticed is billed only up to its deadline, and a
   * session paused for absence resumes once both sides are back.
   */
  async present(participantId: string, awaySince?: number): Promise<void> {
    this.#assertOpen();
    const id = checkId(participantId, 'participantId');
    const since = awaySince === undefined ? undefined : checkTime(awaySince, 'awaySince');
    await this.#supervisor.reportPresence(id, true, since);
  }

  /** Ends an accepted session, charging the seconds served; the summary is in the result. */
  async end(sessionId: string, actorId?: string): Promise<Session> {
    return await this.#act(sessionId, actorId, 'any', async (session) => {
      const reason: EndReason = actorId === undefined ? 'host' : actorId === session.userId ? 'user' : 'consultant';
      return { next: endSession(session, this.#clock.now(), reason) };
    });
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

  /** A consultant's open sessions and whether they are busy. */
  async consultantStatus(consultantId: string): Promise<ConsultantStatus> {
    const open = await this.#store.openSessions({ consultantId: checkId(consultantId, 'consultantId') });
    const capacity = this.config.maxSessionsPerConsultant;
    const waiting = await this.#waitlist.length(consultantId);
    return { openSessions: open.length, capacity, busy: open.length >= capacity, waiting };
  }

  /** Queues a user for a consultant; when a slot frees, the first in line is offered a request. */
  async joinWaitlist(input: { userId: string; consultantId: string; service: ServiceType }): Promise<QueuePosition> {
    this.#assertOpen();
    const service = checkService(input.service);
    const entry = await this.#waitlist.join({
      userId: checkId(input.userId, 'userId'),
      consultantId: checkId(input.consultantId, 'consultantId'),
      service,
    });
    await this.#waitlist.offerNext(entry.consultantId);
    return (await this.#waitlist.position(entry.userId)) ?? { entry, position: 0, length: 0 };
  }

  /** Takes a user out of the queue they wait in; false if they wait nowhere. */
  async leaveWaitlist(userId: string): Promise<boolean> {
    return await this.#waitlist.leave(checkId(userId, 'userId'));
  }

  /** The user's place in line, or `null` when they wait nowhere. */
  async waitlistPosition(userId: string): Promise<QueuePosition | null> {
    return await this.#waitlist.position(checkId(userId, 'userId'));
  }

  /**
   * Resumes every open session whose lease ended or is held under this
   * engine's id (a restart): time the service was down is not charged, and a
   * session down longer than `pauseGraceMs` ends as `interrupted`. Returns how
   * many sessions this engine now drives.
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

  async #act(
    sessionId: string,
    actorId: string | undefined,
    role: 'user' | 'consultant' | 'any',
    build: (session: SessionRecord) => Promise<Step>,
  ): Promise<Session> {
    this.#assertOpen();
    const id = checkId(sessionId, 'sessionId');
    if (actorId !== undefined) checkId(actorId, 'actorId');
    const record = await this.#driver.exclusive(id, async (entry) => {
      // Participants act rarely; one read makes sure the action sees what other engines wrote.
      await this.#driver.refresh(entry);
      return await this.#driver.transition(entry, async (session) => {
        const allowed =
          role === 'user'
            ? actorId === session.userId
            : role === 'consultant'
              ? actorId === session.consultantId
              : actorId === undefined || actorId === session.userId || actorId === session.consultantId;
        if (!allowed) throw notAParticipant(session.id, actorId ?? 'host');
        return await build(session);
      });
    });
    return toSession(record);
  }

  async #createRequest(
    id: string,
    input: { userId: string; consultantId: string; service: ServiceType },
    source: 'direct' | 'waitlist',
    timeoutMs: number,
  ): Promise<{ outcome: InsertSessionOutcome; session: SessionRecord }> {
    const created = await this.#intake.create(id, input, source, timeoutMs, this.#driver.owner);
    if (created.outcome === 'created') {
      this.#driver.reschedule(this.#driver.entries.get(id) ?? this.#driver.track(created.session));
      this.emit('session.requested', toSession(created.session));
    }
    return created;
  }

  /** Offers a freed slot to a waiting user; `skip` when they no longer qualify. */
  async #offer(entry: WaitlistEntry): Promise<InsertSessionOutcome | 'skip'> {
    try {
      const timeout = this.config.waitlistOfferTimeoutMs;
      return (await this.#createRequest(`waitlist:${entry.id}`, entry, 'waitlist', timeout)).outcome;
    } catch (error) {
      // A start rule failed (no funds, no rate…): expected; the next user in line is offered.
      if (!isJyotishError(error)) this.emit('error', error);
      return 'skip';
    }
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
