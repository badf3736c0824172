import { intervalFailed, sessionMoved } from './billing-metrics.js';
import { holdJoinsCapture, holdOpenInterval, settleClosing } from './charging.js';
import type { DriverContext, Step, TransitionOptions } from './driver-context.js';
import { type Entry, entryOf, recordIn, versionOf } from './driver-entry.js';
import { concurrentModification, sessionNotFound } from './errors.js';
import { toSession } from './events.js';
import { closeInterval, closeIntervalIn, writeOffClosing } from './interval.js';
import { drivenElsewhere, nextWakeAt, stamp, stampIn } from './lease.js';
import { reportCharged, reportCheckpoint } from './progress-report.js';
import { endSession } from './session.js';
import { draftOf } from './session-draft.js';
import type { SessionRecord } from './session-record.js';
import { Steps } from './steps.js';

const MAX_ATTEMPTS = 8;
const MAX_REPLANS = 3;

/**
 * Moves sessions through their lifecycle: each transition is computed from
 * the latest record, written by compare-and-set (which also takes the
 * lease), and only then applied to the wallet, idempotently. A lost race
 * reloads the record and computes again.
 */
export class SessionDriver {
  readonly entries = new Map<string, Entry>();
  /** The steps transitions are built from. */
  readonly steps: Steps;
  readonly #ctx: DriverContext;

  constructor(context: DriverContext) {
    this.#ctx = context;
    this.steps = new Steps(context);
  }

  /** The host's metrics sink, when it gave one. */
  get metrics(): DriverContext['metrics'] {
    return this.#ctx.metrics;
  }

  /** The engine's id in leases. */
  get owner(): string {
    return this.#ctx.config.engineId;
  }

  /**
   * Runs `work` alone on the session's entry, loading the session if this engine does not drive it yet.
   * Not itself async: for a session already driven (every tick) the work's own promise is handed back.
   */
  exclusive<T>(id: string, work: (entry: Entry) => Promise<T>, known?: SessionRecord): Promise<T> {
    const entry = this.entries.get(id);
    return entry ? this.#alone(entry, work, false) : this.#loadAlone(id, work, known);
  }

  /** {@link SessionDriver.exclusive} on an entry in hand (a due one): no lookup while it is still the tracked one. */
  exclusiveOn<T>(entry: Entry, work: (entry: Entry) => Promise<T>): Promise<T> {
    return entry.tracked ? this.#alone(entry, work, false) : this.exclusive(entry.id, work);
  }

  async #loadAlone<T>(id: string, work: (entry: Entry) => Promise<T>, known?: SessionRecord): Promise<T> {
    const record = known ?? (await this.#ctx.store.getSession(id));
    if (!record) throw sessionNotFound(id);
    const entry = this.entries.get(id);
    return await (entry ? this.#alone(entry, work, false) : this.#alone(this.track(record), work, true));
  }

  /** Runs `work` on `target` once the work before it is done; `loaded`: tracked for this work alone. */
  #alone<T>(target: Entry, work: (entry: Entry) => Promise<T>, loaded: boolean): Promise<T> {
    // Free, the work starts at once: a tick then costs no extra promise to wait on a lock nobody holds.
    const run = target.lock === null ? work(target) : target.lock.then(() => work(target));
    const release = () => {
      if (target.lock !== lock) return;
      target.lock = null;
      // Loaded for an action that wrote nothing: this engine does not drive it.
      if (loaded && target.slot < 0 && target.tracked) this.#untrack(target);
      this.#rest(target);
    };
    const lock: Promise<void> = run.then(release, release);
    target.lock = lock;
    return run;
  }

  /**
   * Brings a tracked record up to date with the store. Another engine may have
   * moved the session on (accepted it, taken its lease) since it was tracked.
   */
  async refresh(entry: Entry): Promise<void> {
    const fresh = await this.#ctx.store.getSession(entry.id);
    if (!fresh) throw sessionNotFound(entry.id);
    if (fresh.version === versionOf(entry)) {
      entry.record ??= fresh;
      return;
    }
    entry.record = fresh;
    entry.settled = -1;
  }

  /**
   * Drops the entry's record until the next work on it, when the store is in process memory: the
   * store holds the session already, and reading it back costs no I/O.
   */
  #rest(entry: Entry): void {
    if (!this.#ctx.store.inProcess || entry.record === null) return;
    entry.version = entry.record.version;
    entry.record = null;
  }

  /** Starts tracking a record (not yet scheduled). */
  track(record: SessionRecord): Entry {
    const entry = entryOf(record);
    this.entries.set(record.id, entry);
    return entry;
  }

  /** Schedules the entry's next wake-up, or stops tracking it once the session has ended. */
  reschedule(entry: Entry): void {
    const at = nextWakeAt(recordIn(entry), this.#ctx.config);
    if (at === null) this.forget(entry);
    else this.#ctx.scheduler.schedule(entry, at);
  }

  /** Stops driving a session (it ended, or another engine drives it now). */
  forget(entry: Entry): void {
    this.#ctx.scheduler.cancel(entry);
    if (entry.tracked) this.#untrack(entry);
  }

  #untrack(entry: Entry): void {
    entry.tracked = false;
    this.entries.delete(entry.id);
  }

  /**
   * Computes and writes one transition. `build` sees the latest record and
   * returns the next one (or `null`: nothing to do); on a lost race it runs
   * again on the reloaded record. Side effects and events follow the write.
   */
  async transition(
    entry: Entry,
    build: (session: SessionRecord) => Step | null | Promise<Step | null>,
    options: TransitionOptions = {},
    replans = 0,
  ): Promise<SessionRecord> {
    const { store, clock, config } = this.#ctx;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (entry.record === null) await this.refresh(entry);
      const before = recordIn(entry);
      if (options.driving && drivenElsewhere(before, this.owner, clock.now())) {
        this.forget(entry);
        return before;
      }
      if (!options.keepClosing && entry.settled !== before.closingIndex) await this.#settle(entry);
      if (entry.record !== before) continue; // the closing was written off meanwhile
      const { steps } = this;
      // Without a presence source the tick awaits nothing to observe.
      const observed = steps.asksPresence
        ? await steps.observe(before, options)
        : steps.observeReported(before, options);
      const step = (await build(observed)) ?? (observed === before ? null : { next: observed });
      if (step === null) {
        if (options.driving) this.reschedule(entry);
        return before;
      }
      const now = clock.now();
      const wakeAt = nextWakeAt(step.next, config) ?? now;
      const written = step.draft
        ? stampIn(step.next, this.owner, now, wakeAt, config.leaseTtlMs)
        : stamp(step.next, this.owner, now, wakeAt, config.leaseTtlMs);
      if (await store.updateSession(written)) {
        entry.record = written;
        if (written.closingIndex !== before.closingIndex) entry.settled = -1;
        this.reschedule(entry);
        await this.#afterWrite(entry, before, written, step, replans);
        return entry.record;
      }
      const fresh = await store.getSession(entry.id);
      if (!fresh) throw sessionNotFound(entry.id);
      entry.record = fresh;
      entry.settled = -1;
    }
    throw concurrentModification(entry.id);
  }

  /** Applies the entry's closing interval to the wallet; writes it off if the user can no longer pay. */
  async #settle(entry: Entry): Promise<void> {
    const session = recordIn(entry);
    const outcome = await settleClosing(this.#ctx.wallet, session, this.#ctx.config.accounts);
    if (entry.record !== session) return;
    if (outcome === 'settled') {
      entry.settled = session.closingIndex;
      return;
    }
    const reason = outcome === 'frozen' ? 'account_frozen' : 'insufficient_funds';
    if (this.#ctx.metrics) intervalFailed(this.#ctx.metrics, reason.toUpperCase());
    await this.transition(entry, async (current) => this.#writeOffStep(current, session.closingIndex, reason), {
      keepClosing: true,
    });
  }

  async #writeOffStep(
    session: SessionRecord,
    unpaidIndex: number,
    reason: 'insufficient_funds' | 'account_frozen',
  ): Promise<Step | null> {
    if (session.closingIndex !== unpaidIndex) return null;
    let next = writeOffClosing(session);
    if (next.intervalIndex !== 0) next = closeInterval(next, 0);
    if (next.status === 'active' || next.status === 'paused') next = endSession(next, this.#ctx.clock.now(), reason);
    return { next };
  }

  async #afterWrite(entry: Entry, before: SessionRecord, after: SessionRecord, step: Step, replans: number) {
    const { events, wallet, config } = this.#ctx;
    const closes = after.closingIndex !== 0 && after.closingIndex !== before.closingIndex;
    const opens = after.intervalIndex !== 0 && after.intervalIndex !== before.intervalIndex;
    // Settling first puts the capture in the wallet's next batch; a hold that may join it goes in behind it.
    const settling = closes ? this.#settle(entry) : null;
    const placing =
      settling && opens && config.groupCommit && holdJoinsCapture(after, entry.held, this.#ctx.clock.now(), config)
        ? holdOpenInterval(wallet, after, config.holdMarginMs)
        : null;
    // Observed now, awaited below: a settle that throws must not leave it an unhandled rejection.
    placing?.catch(() => undefined);
    if (settling) {
      await settling;
      const settled = recordIn(entry);
      if (settled.closingIndex === after.closingIndex && settled.closingToMs > settled.closingFromMs) {
        reportCharged(this.#ctx, settled);
      }
    }
    if (entry.record !== after) {
      // The closing was written off: that transition reported its own changes, and closed the new
      // interval, voiding its hold if the placement above went through.
      await placing;
      this.#emitStatus(before, after);
      return;
    }
    if (opens) {
      if (!(await (placing ?? holdOpenInterval(wallet, after, config.holdMarginMs)))) {
        this.#emitStatus(before, after);
        await this.#replan(entry, replans + 1);
        return;
      }
      entry.held = after.intervalIndex;
    }
    this.#emitStatus(before, after);
    if (step.checkpoint !== undefined) reportCheckpoint(this.#ctx, after, step.checkpoint);
    if (after.lowBalance && !before.lowBalance && step.secondsLeft !== undefined) {
      events.emit('session.lowBalance', { session: toSession(after), secondsLeft: step.secondsLeft });
    }
  }

  /** The open interval's hold could not be placed: plan a shorter one from the same instant, or end. */
  async #replan(entry: Entry, replans: number): Promise<void> {
    await this.transition(
      entry,
      async (session) => {
        if (session.status !== 'active' || session.intervalIndex === 0) return null;
        const aborted = closeIntervalIn(draftOf(session), 0);
        if (replans > MAX_REPLANS)
          return { next: endSession(aborted, session.intervalStartedAt, 'insufficient_funds') };
        const payer = await this.#ctx.wallet.getAccount(session.userId);
        return this.steps.continueIn(aborted, session.intervalStartedAt, payer?.available ?? 0);
      },
      {},
      replans,
    );
  }

  #emitStatus(before: SessionRecord, after: SessionRecord): void {
    const { events } = this.#ctx;
    if (after.service !== before.service) events.emit('session.serviceChanged', toSession(after));
    else if (after.offeredService !== null && after.offeredService !== before.offeredService) {
      events.emit('session.serviceOffered', toSession(after));
    } else if (after.offeredService === null && before.offeredService !== null && after.status === before.status) {
      events.emit('session.serviceDeclined', { session: toSession(after), service: before.offeredService });
    }
    if (before.status === after.status) return;
    if (this.#ctx.metrics) sessionMoved(this.#ctx.metrics, before.status, after.status);
    const session = toSession(after);
    if (before.status === 'offered' && after.status === 'requested') {
      events.emit('session.requested', session);
    } else if (before.status === 'requested' && after.status === 'active') {
      events.emit('session.accepted', session);
      events.emit('session.started', session);
    } else if (after.status === 'paused') {
      events.emit('session.paused', session);
    } else if (before.status === 'paused' && after.status === 'active') {
      events.emit('session.resumed', session);
    } else if (after.status === 'ended') {
      events.emit('session.ended', { session, summary: session.summary });
      this.#ctx.slotFreed(after.consultantId);
    }
  }
}
