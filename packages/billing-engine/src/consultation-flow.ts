import { type Clock, isJyotishError } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import type { EventEmitter } from 'eventemitter3';
import type { BillingConfig } from './config.js';
import type { SessionDriver } from './driver.js';
import type { Step } from './driver-context.js';
import type { RequestInput } from './engine-options.js';
import {
  consultantBusy,
  insufficientFunds,
  invalidInput,
  invalidTransition,
  notAParticipant,
  serviceNotOffered,
  userBusy,
} from './errors.js';
import { type BillingEvents, type Session, toSession } from './events.js';
import type { Intake } from './intake.js';
import { minimumBalance } from './plan.js';
import type { RateCard } from './rate-card.js';
import { declineService, offerService } from './service-switch.js';
import { acceptSession, closeRequest, endSession, pauseSession, resumeSession, takeOffer } from './session.js';
import type { EndReason, ServiceType, SessionRecord } from './session-record.js';
import type { BillingStore, InsertSessionOutcome, WaitlistEntry } from './store.js';
import { checkId, checkRate, checkService } from './validate.js';
import type { QueuePosition, Waitlist } from './waitlist.js';

/** What the consultation flow needs from the engine that wires it. */
export interface FlowContext {
  readonly wallet: Wallet;
  readonly store: BillingStore;
  readonly clock: Clock;
  readonly config: BillingConfig;
  readonly events: EventEmitter<BillingEvents>;
  readonly intake: Intake;
  /** Where a switched service's rate is read. */
  readonly rates: RateCard;
  readonly driver: SessionDriver;
  readonly waitlist: Waitlist;
  /** Runs work nobody awaits, so that `BillingEngine.idle()` still waits for it and its errors are reported. */
  readonly inBackground: (work: Promise<void>) => void;
  /** Throws `ENGINE_CLOSED` once the engine is closed. */
  readonly assertOpen: () => void;
}

/**
 * What participants do to a consultation, from request to end (the methods
 * behind `BillingEngine.request`, `accept` … `end`), and the requests offered
 * to users waiting in a queue. Each action checks who may take it, then runs
 * as one driver transition on the latest record.
 */
export class ConsultationFlow {
  readonly #ctx: FlowContext;

  constructor(context: FlowContext) {
    this.#ctx = context;
  }

  /** A user asks a consultant for a consultation; nothing is charged until the consultant accepts. */
  async request(input: RequestInput): Promise<Session> {
    const { config, store, waitlist } = this.#ctx;
    this.#ctx.assertOpen();
    const service = checkService(input.service);
    if (await waitlist.length(checkId(input.consultantId, 'consultantId'))) {
      this.#ctx.inBackground(waitlist.offerNext(input.consultantId));
      throw consultantBusy(input.consultantId);
    }
    const id = input.id === undefined ? globalThis.crypto.randomUUID() : checkId(input.id, 'id');
    const { outcome, session } = await this.#createRequest(
      id,
      { ...input, service },
      'direct',
      config.requestTimeoutMs,
    );
    if (outcome === 'created') return toSession(session);
    if (outcome === 'user_busy') throw userBusy(input.userId);
    if (outcome === 'consultant_busy') throw consultantBusy(input.consultantId);
    const stored = await store.getSession(id);
    if (!stored || stored.userId !== input.userId || stored.consultantId !== input.consultantId) {
      throw invalidInput('id', 'is already used by another session');
    }
    return toSession(stored);
  }

  /** The consultant accepts a request; the first interval is reserved and billing starts. */
  async accept(sessionId: string, consultantId: string): Promise<Session> {
    const { clock, wallet, intake, driver } = this.#ctx;
    return await this.#act(sessionId, consultantId, 'consultant', async (session) => {
      const now = clock.now();
      if (session.status === 'requested' && now >= session.requestExpiresAt) {
        throw invalidTransition(session.id, 'expired', 'accept');
      }
      const accepted = acceptSession(session, now);
      const payer = await wallet.getAccount(session.userId);
      await intake.assertRoles(session, payer);
      intake.assertMinimum(session, payer);
      const available = payer?.available ?? 0;
      const step = driver.steps.continueAt(accepted, now, available);
      if (step.next.status === 'ended') {
        throw insufficientFunds(session.userId, minimumBalance(session, 1), available);
      }
      return step;
    });
  }

  /** The consultant declines a request. */
  async reject(sessionId: string, consultantId: string): Promise<Session> {
    return await this.#act(sessionId, consultantId, 'consultant', async (session) => ({
      next: closeRequest(session, this.#ctx.clock.now(), 'rejected'),
    }));
  }

  /** The user withdraws a request before it is accepted. */
  async cancel(sessionId: string, userId: string): Promise<Session> {
    return await this.#act(sessionId, userId, 'user', async (session) => ({
      next: closeRequest(session, this.#ctx.clock.now(), 'cancelled'),
    }));
  }

  /** Stops billing while a participant is away (`actorId` a participant, or omitted for the host). */
  async pause(sessionId: string, actorId?: string): Promise<Session> {
    return await this.#act(sessionId, actorId, 'any', async (session) => ({
      next: pauseSession(session, this.#ctx.clock.now()),
    }));
  }

  /** Resumes billing with a fresh interval. */
  async resume(sessionId: string, actorId?: string): Promise<Session> {
    return await this.#act(sessionId, actorId, 'any', async (session) =>
      this.#ctx.driver.steps.resumeStep(resumeSession(session), this.#ctx.clock.now()),
    );
  }

  /** Ends an accepted session, charging the seconds served; the summary is in the result. */
  async end(sessionId: string, actorId?: string): Promise<Session> {
    return await this.#act(sessionId, actorId, 'any', async (session) => {
      const reason: EndReason = actorId === undefined ? 'host' : actorId === session.userId ? 'user' : 'consultant';
      return { next: endSession(session, this.#ctx.clock.now(), reason) };
    });
  }

  /**
   * The consultant offers to switch the session to `service` (a chat to a
   * voice or video call); `SERVICE_NOT_OFFERED` without a rate for it. The
   * session's own service again changes nothing.
   */
  async offerService(sessionId: string, consultantId: string, service: ServiceType): Promise<Session> {
    const wanted = checkService(service);
    return await this.#act(sessionId, consultantId, 'consultant', async (session) => {
      if (wanted !== session.service) await this.#rateOf(session, wanted);
      const next = offerService(session, wanted);
      return next === session ? null : { next };
    });
  }

  /**
   * The user accepts the consultant's offer of `service`: from now on the
   * session is billed at that service's current rate. The service it already
   * has changes nothing; `INSUFFICIENT_FUNDS` unless the wallet covers the
   * minimum at the new rate.
   */
  async acceptService(sessionId: string, userId: string, service: ServiceType): Promise<Session> {
    const wanted = checkService(service);
    return await this.#act(sessionId, userId, 'user', async (session) => {
      // Already the session's service: a repeated accept (a double click, a retry) changes nothing.
      if (wanted === session.service) return null;
      const rate = await this.#rateOf(session, wanted);
      return await this.#ctx.driver.steps.switchStep(session, wanted, rate);
    });
  }

  /** The user declines the consultant's offer of `service`; the session goes on unchanged. */
  async declineService(sessionId: string, userId: string, service: ServiceType): Promise<Session> {
    const wanted = checkService(service);
    return await this.#act(sessionId, userId, 'user', async (session) => {
      const next = declineService(session, wanted);
      return next === session ? null : { next };
    });
  }

  async #rateOf(session: SessionRecord, service: ServiceType): Promise<number> {
    const rate = await this.#ctx.rates.rateFor(session.consultantId, service);
    if (!rate) throw serviceNotOffered(session.consultantId, service);
    checkRate(rate.ratePerMinute, rate.commissionBps);
    return rate.ratePerMinute;
  }

  /**
   * Queues a user for a consultant (`USER_BUSY` while the user has an open
   * session or offer; the start rules of a request apply: roles, rate), and
   * offers a free slot at once. Position 0: the slot was offered at once.
   */
  async joinWaitlist(input: { userId: string; consultantId: string; service: ServiceType }): Promise<QueuePosition> {
    const { store, waitlist, intake } = this.#ctx;
    this.#ctx.assertOpen();
    const draft = await intake.checkParties({ ...input, service: checkService(input.service) });
    if ((await store.openSessions({ userId: draft.userId })).length > 0) throw userBusy(draft.userId);
    const entry = await waitlist.join(draft);
    await waitlist.offerNext(entry.consultantId);
    return (await waitlist.position(entry.userId)) ?? { entry, position: 0, length: 0, estimatedWaitSeconds: 0 };
  }

  /** The user takes the slot offered to them: it becomes a request the consultant answers as any other. */
  async takeOffer(sessionId: string, userId: string): Promise<Session> {
    const { clock, wallet, intake, config } = this.#ctx;
    return await this.#act(sessionId, userId, 'user', async (session) => {
      const now = clock.now();
      if (session.status === 'offered' && now >= session.requestExpiresAt) {
        throw invalidTransition(session.id, 'expired', 'take the offer of');
      }
      const taken = takeOffer(session, now, now + config.requestTimeoutMs);
      // The wallet may have changed since the offer was made.
      intake.assertMinimum(taken, await wallet.getAccount(session.userId));
      return { next: taken };
    });
  }

  /** The user passes on the slot offered to them; it is offered to the next user in line. */
  async passOffer(sessionId: string, userId: string): Promise<Session> {
    return await this.#act(sessionId, userId, 'user', async (session) => {
      if (session.status !== 'offered') throw invalidTransition(session.id, session.status, 'pass on');
      return { next: closeRequest(session, this.#ctx.clock.now(), 'cancelled') };
    });
  }

  /** Offers a freed slot to a waiting user; `skip` when they no longer qualify. */
  async offer(entry: WaitlistEntry): Promise<InsertSessionOutcome | 'skip'> {
    try {
      const timeout = this.#ctx.config.waitlistOfferTimeoutMs;
      return (await this.#createRequest(`waitlist:${entry.id}`, entry, 'waitlist', timeout)).outcome;
    } catch (error) {
      // A start rule failed (no funds, no rate…): expected; the next user in line is offered.
      if (!isJyotishError(error)) this.#ctx.events.emit('error', error);
      return 'skip';
    }
  }

  async #act(
    sessionId: string,
    actorId: string | undefined,
    role: 'user' | 'consultant' | 'any',
    build: (session: SessionRecord) => Promise<Step | null>,
  ): Promise<Session> {
    const { driver } = this.#ctx;
    this.#ctx.assertOpen();
    const id = checkId(sessionId, 'sessionId');
    if (actorId !== undefined) checkId(actorId, 'actorId');
    const record = await driver.exclusive(id, async (entry) => {
      // Participants act rarely; one read makes sure the action sees what other engines wrote.
      await driver.refresh(entry);
      return await driver.transition(entry, async (session) => {
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
    const { intake, driver, events } = this.#ctx;
    const created = await intake.create(id, input, source, timeoutMs, driver.owner);
    if (created.outcome === 'created') {
      driver.reschedule(driver.entries.get(id) ?? driver.track(created.session));
      events.emit(source === 'waitlist' ? 'waitlist.offered' : 'session.requested', toSession(created.session));
    }
    return created;
  }
}
