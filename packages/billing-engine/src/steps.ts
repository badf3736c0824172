import type { Account } from '@jyotishconnect/wallet-store';
import {
  absenceDeadline,
  clearAbsences,
  dropPassedAbsences,
  markAway,
  markBack,
  observePresence,
  resumesAt,
  sideOf,
} from './absence.js';
import type { DriverContext, Step, TransitionOptions } from './driver-context.js';
import { insufficientFunds } from './errors.js';
import {
  closeInterval,
  closeIntervalIn,
  closingCharge,
  intervalEndsAt,
  nextCheckpointAt,
  openIntervalIn,
  servedInInterval,
} from './interval.js';
import { closingHold, minimumBalance, planNextInterval, secondsLeft } from './plan.js';
import { switchService } from './service-switch.js';
import { endSession, pauseSession, resumeSession } from './session.js';
import { draftOf, type SessionDraft } from './session-draft.js';
import type { ServiceType, SessionRecord } from './session-record.js';

/**
 * The steps transitions are built from: each reads the latest record (and,
 * for some, the wallet or the presence source) and returns the next record,
 * or `null` when there is nothing to do. The driver writes them.
 */
export class Steps {
  readonly #ctx: DriverContext;

  constructor(context: DriverContext) {
    this.#ctx = context;
  }

  get #graceMs(): number {
    return this.#ctx.config.absenceGraceMs;
  }

  /**
   * The record with presence as the source reports it now (but for the
   * participant the step reports on itself). An absence nobody reported started, at the
   * latest, when the engine last wrote the record (it checked presence then).
   * Unless the step recovers the session, an absence already past its grace
   * pauses it at the deadline first, so no step bills past it.
   */
  async observe(session: SessionRecord, options: TransitionOptions): Promise<SessionRecord> {
    const { presence } = this.#ctx;
    if (session.status === 'ended' || !presence) return this.observeReported(session, options);
    const times = { lastChecked: session.checkpointAt, now: this.#ctx.clock.now(), graceMs: this.#graceMs };
    const asked = await observePresence(session, presence, times, options.report?.participantId);
    return this.observeReported(asked, options);
  }

  /** True when {@link Steps.observe} asks a presence source; without one, {@link Steps.observeReported} is all it does. */
  get asksPresence(): boolean {
    return this.#ctx.presence !== undefined;
  }

  /**
   * {@link Steps.observe} without asking the presence source: the step's own report, then an
   * absence deadline passed. Synchronous, so a tick without a presence source awaits nothing here.
   */
  observeReported(session: SessionRecord, options: TransitionOptions): SessionRecord {
    if (session.status === 'ended') return session;
    const { report } = options;
    let asked = session;
    const side = report && sideOf(asked, report.participantId);
    if (side && report?.awaySince !== undefined) {
      asked = markAway(asked, side, Math.min(report.awaySince, this.#ctx.clock.now()));
    }
    // An absence past its grace stops billing at its deadline, before any step builds on the record;
    // recovery bills the open interval up to the checkpoint or the deadline, whichever came first (recovery.ts).
    return (!options.recovery && this.absenceStep(asked)?.next) || asked;
  }

  /**
   * The step of a presence report for `participantId`, whose absence the
   * transition has marked already (see {@link TransitionOptions.report}): a
   * return closes it, and resumes the session if it was paused for the last
   * absence, from that return.
   */
  async presenceStep(session: SessionRecord, participantId: string, present: boolean): Promise<Step | null> {
    const side = sideOf(session, participantId);
    if (side === null || session.status === 'ended' || !present) return null;
    const marked = markBack(session, side, this.#ctx.clock.now(), this.#graceMs);
    return (await this.resumeFromAbsence(marked)) ?? (marked === session ? null : { next: marked });
  }

  /** The step of a session paused for absence once every side is back: it resumes from the last return. */
  async resumeFromAbsence(session: SessionRecord): Promise<Step | null> {
    const at = resumesAt(session);
    if (at === null) return null;
    return await this.resumeStep(clearAbsences(resumeSession(session)), at);
  }

  /** The step of a resumed session: a fresh interval from `at`, if the payer may still pay. */
  async resumeStep(resumed: SessionRecord, at: number): Promise<Step> {
    const payer = await this.#ctx.wallet.getAccount(resumed.userId);
    if (!(await this.#ctx.rolesHold(resumed, payer))) return { next: endSession(resumed, at, 'invalid_role') };
    return this.continueAt(resumed, at, payer?.available ?? 0);
  }

  /**
   * The step of an absence that outlasted its grace: the session pauses at the
   * deadline, so the time after it is not billed. `null` when none is due.
   */
  absenceStep(session: SessionRecord): Step | null {
    const deadline = absenceDeadline(session, this.#graceMs);
    if (session.status !== 'active' || deadline === null || deadline > this.#ctx.clock.now()) return null;
    if (session.intervalIndex === 0) return { next: pauseSession(session, this.#ctx.clock.now(), 'absence') };
    // An interval that ended before the deadline was served in full: its tick comes first.
    if (intervalEndsAt(session) < deadline) return null;
    // An absence that began before the interval (before an accept or a resume) stops it at once.
    return { next: pauseSession(session, Math.max(deadline, session.intervalStartedAt), 'absence') };
  }

  /**
   * What follows the close of an interval at `at`: the next interval if the
   * wallet (`available` once the closing settles) pays for at least a second,
   * else the end of the session.
   */
  continueAt(session: SessionRecord, at: number, available: number): Step {
    return this.continueIn(draftOf(session), at, available);
  }

  /** {@link Steps.continueAt} on a draft: the next interval opens in the draft itself. */
  continueIn(draft: SessionDraft, at: number, available: number): Step {
    const { config } = this.#ctx;
    const kept = dropPassedAbsences(draft, at);
    const closed = kept === draft ? draft : draftOf(kept);
    const plan = planNextInterval(closed, available, {
      intervalMs: config.intervalSeconds * 1000,
      maxDurationMs: config.maxDurationSeconds * 1000,
    });
    if (plan.end) return { next: endSession(closed, at, plan.end) };
    const left = secondsLeft(closed, plan.plannedMs, available - plan.hold, config.lowBalanceSeconds);
    const next = openIntervalIn(closed, at, plan.plannedMs, left < config.lowBalanceSeconds);
    return { next, secondsLeft: left, draft: true };
  }

  /**
   * The step of a tick: the open interval was served in full. Before its end, a checkpoint that is
   * due writes the record as it is (the write observes presence and moves `checkpointAt`).
   */
  async tickStep(session: SessionRecord): Promise<Step | null> {
    if (session.status !== 'active' || session.intervalIndex === 0) return null;
    const end = intervalEndsAt(session);
    const now = this.#ctx.clock.now();
    if (end > now) {
      const due = nextCheckpointAt(session, this.#ctx.config.checkpointSeconds);
      return due <= now ? { next: session, checkpoint: due } : null;
    }
    const payer = await this.#ctx.wallet.getAccount(session.userId);
    const roles = this.#ctx.rolesHold(session, payer);
    // Answered at once unless the host looks roles up: then the tick waits for the answer.
    if (!(typeof roles === 'boolean' ? roles : await roles)) {
      // Never debit an account that is not the session's user: charge nothing for this interval.
      return { next: endSession(closeInterval(session, 0), end, 'invalid_role') };
    }
    const closed = closeIntervalIn(draftOf(session), session.intervalPlannedMs);
    return this.continueIn(closed, end, this.#availableAfterClosing(closed, payer));
  }

  /**
   * The step of a service switch the user accepted: an open interval closes
   * with the time served (billed at the old rate), and the next opens at
   * `ratePerMinute`. `INSUFFICIENT_FUNDS`, and nothing changes, unless the
   * wallet covers `minimumBalanceSeconds` at the new rate.
   */
  async switchStep(session: SessionRecord, service: ServiceType, ratePerMinute: number): Promise<Step> {
    const { clock, config, wallet } = this.#ctx;
    const open = session.intervalIndex !== 0;
    // An overdue tick has not closed the interval yet: it was served in full, up to its planned end.
    const at = open ? Math.min(clock.now(), intervalEndsAt(session)) : clock.now();
    const closed = open ? closeInterval(session, servedInInterval(session, at)) : session;
    const switched = switchService(closed, service, ratePerMinute);
    const payer = await wallet.getAccount(session.userId);
    const available = open ? this.#availableAfterClosing(closed, payer) : (payer?.available ?? 0);
    const required = minimumBalance(switched, config.minimumBalanceSeconds);
    if (available < required) throw insufficientFunds(session.userId, required, available);
    return switched.status === 'active' ? this.continueAt(switched, at, available) : { next: switched };
  }

  /** What the payer has available once the closing interval's hold is captured or released. */
  #availableAfterClosing(closed: SessionRecord, payer: Account | null): number {
    const charged = closingCharge(closed).user;
    return (payer?.available ?? 0) + closingHold(closed) - charged;
  }
}
