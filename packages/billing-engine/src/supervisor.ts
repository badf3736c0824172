import type { Clock } from '@jyotishconnect/core';
import type { Wallet } from '@jyotishconnect/wallet-store';
import { resumesAt } from './absence.js';
import { intervalFailed } from './billing-metrics.js';
import type { BillingConfig } from './config.js';
import type { SessionDriver } from './driver.js';
import type { Step } from './driver-context.js';
import { type Entry, versionOf } from './driver-entry.js';
import type { Intake } from './intake.js';
import { recoveryStep } from './recovery.js';
import type { Scheduled, TickScheduler } from './scheduler.js';
import { closeRequest, endSession } from './session.js';
import type { SessionRecord } from './session-record.js';
import type { BillingStore } from './store.js';

const SCAN_PAGE = 500;
const RECOVERY_CONCURRENCY = 32;
const RETRY_MS = 1_000;
const DRIVING = { driving: true } as const;

/** What the supervisor works with. */
export interface SupervisorContext {
  readonly wallet: Wallet;
  readonly store: BillingStore;
  readonly clock: Clock;
  readonly config: BillingConfig;
  readonly scheduler: TickScheduler<Scheduled>;
  readonly driver: SessionDriver;
  readonly intake: Intake;
  /** Reports a background failure. */
  readonly reportError: (error: unknown) => void;
}

/**
 * The background side of an engine: wakes due sessions (ticks, request
 * expiries, the end of a pause's grace), retries failed wakes, and finds
 * sessions to take over when their lease has ended.
 */
export class Supervisor {
  readonly #ctx: SupervisorContext;
  /** The scheduler's items of the periodic jobs: the takeover scan and the hold sweep. */
  readonly #scan: Scheduled = { slot: -1 };
  readonly #sweep: Scheduled = { slot: -1 };

  constructor(context: SupervisorContext) {
    this.#ctx = context;
  }

  /** Schedules the periodic jobs the configuration asks for. */
  startHousekeeping(): void {
    const { scheduler, clock, config } = this.#ctx;
    if (config.takeoverScanMs > 0) scheduler.schedule(this.#scan, clock.now() + config.takeoverScanMs);
    if (config.holdSweepMs > 0) scheduler.schedule(this.#sweep, clock.now() + config.holdSweepMs);
  }

  /**
   * Runs whatever the scheduler found due: a periodic job, or a session's wake-up. Not itself
   * async: a wake-up (every tick of every session) hands back the driver's promise, with no
   * frame of its own around it.
   */
  run(item: Scheduled): Promise<void> {
    const { scheduler, clock, config, wallet } = this.#ctx;
    if (item === this.#scan) {
      return this.claim(null).finally(() => scheduler.schedule(this.#scan, clock.now() + config.takeoverScanMs));
    }
    if (item === this.#sweep) {
      return wallet
        .expireHolds()
        .then(() => {})
        .finally(() => scheduler.schedule(this.#sweep, clock.now() + config.holdSweepMs));
    }
    const woken = this.wake(item as Entry);
    const { metrics } = this.#ctx.driver;
    if (!metrics) return woken;
    return woken.catch((error: unknown) => {
      intervalFailed(metrics, error);
      throw error;
    });
  }

  /** Applies a presence report (see `BillingEngine.absent` and `present`) to every open session of the participant. */
  async reportPresence(participantId: string, present: boolean, at: number | undefined): Promise<void> {
    const { driver } = this.#ctx;
    for (const found of await this.openRecordsOf(participantId)) {
      await driver.exclusive(
        found.id,
        async (entry) => {
          await driver.refresh(entry);
          await driver.transition(entry, (session) => driver.steps.presenceStep(session, participantId, present), {
            report: { participantId, awaySince: at },
          });
        },
        found,
      );
    }
  }

  /** The open sessions a participant takes part in, as user or as consultant. */
  async openRecordsOf(participantId: string): Promise<SessionRecord[]> {
    const { store } = this.#ctx;
    return [
      ...(await store.openSessions({ userId: participantId })),
      ...(await store.openSessions({ consultantId: participantId })),
    ];
  }

  /** Handles one due session; a failure is reported and retried a second later. */
  wake(entry: Entry): Promise<void> {
    return this.#ctx.driver.exclusiveOn(entry, this.#wakeEntry);
  }

  // Built once, not per wake-up: a wake runs for every tick of every session.
  readonly #wakeEntry = async (current: Entry): Promise<void> => {
    const { driver, scheduler, clock } = this.#ctx;
    try {
      await driver.transition(current, this.#dueStep, DRIVING);
    } catch (error) {
      this.#ctx.reportError(error);
      if (current.tracked) scheduler.schedule(current, clock.now() + RETRY_MS);
    }
  };

  /** Takes over claimable sessions this engine does not drive yet: lease ended, or held by `owner`. */
  async claim(owner: string | null): Promise<void> {
    const { store, clock, driver } = this.#ctx;
    const seen = new Set<string>();
    for (;;) {
      // Sessions claimed so far may still match (held by `owner`): widen the page past them.
      const limit = seen.size + SCAN_PAGE;
      const page = await store.claimableSessions({ now: clock.now(), owner, limit });
      // A tracked session whose stored version moved on is stale here (another engine changed it): recover it too.
      const fresh = page.filter((session) => {
        const entry = driver.entries.get(session.id);
        return !seen.has(session.id) && (entry === undefined || versionOf(entry) !== session.version);
      });
      for (const session of page) seen.add(session.id);
      await pool(fresh, RECOVERY_CONCURRENCY, (session) => this.#recover(session));
      if (page.length < limit || fresh.length === 0) return;
    }
  }

  // Not async: a tick's step is the promise `tickStep` returns, with no frame around it.
  readonly #dueStep = (session: SessionRecord): Step | null | Promise<Step | null> => {
    const now = this.#ctx.clock.now();
    switch (session.status) {
      case 'offered':
      case 'requested':
        return now >= session.requestExpiresAt ? { next: closeRequest(session, now, 'expired') } : null;
      case 'paused': {
        const graceEnd = (session.pausedAt ?? now) + this.#ctx.config.pauseGraceMs;
        // Everyone came back before the grace ran out: billing resumes from the return.
        if ((resumesAt(session) ?? graceEnd) < graceEnd) return this.#ctx.driver.steps.resumeFromAbsence(session);
        return now >= graceEnd ? { next: endSession(session, graceEnd, 'inactivity') } : null;
      }
      case 'active':
        return this.#ctx.driver.steps.absenceStep(session) ?? this.#ctx.driver.steps.tickStep(session);
      default:
        return null;
    }
  };

  async #recover(found: SessionRecord): Promise<void> {
    const { driver, clock, config, wallet, intake } = this.#ctx;
    const context = {
      wallet,
      rolesHold: intake.rolesHold.bind(intake),
      continueAt: driver.steps.continueAt.bind(driver.steps),
      resumeFromAbsence: driver.steps.resumeFromAbsence.bind(driver.steps),
    };
    try {
      await driver.exclusive(
        found.id,
        async (entry) => {
          await driver.refresh(entry);
          return await driver.transition(entry, (session) => recoveryStep(session, clock.now(), config, context), {
            driving: true,
            recovery: true,
          });
        },
        found,
      );
    } catch (error) {
      this.#ctx.reportError(error);
    }
  }
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(workers);
}
