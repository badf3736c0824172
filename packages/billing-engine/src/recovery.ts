import type { Account, Wallet } from '@jyotishconnect/wallet-store';
import { absenceDeadline, resumesAt } from './absence.js';
import type { BillingConfig } from './config.js';
import type { Step } from './driver-context.js';
import { closeInterval, servedInInterval } from './interval.js';
import { closingHold } from './plan.js';
import { closeRequest, endSession, pauseSession } from './session.js';
import type { SessionRecord } from './session-record.js';

/** What recovering a session needs from the engine. */
export interface RecoveryContext {
  readonly wallet: Wallet;
  /** True when the payer still has role `user` and the payee role `consultant`. */
  readonly rolesHold: (session: SessionRecord, payer: Account | null) => boolean | Promise<boolean>;
  /** The next interval (or the end) after an interval closed at `at`. */
  readonly continueAt: (closed: SessionRecord, at: number, available: number) => Step;
  /** The step of a session paused for absence once everyone is back (`null` while someone is away). */
  readonly resumeFromAbsence: (session: SessionRecord) => Promise<Step | null>;
}

/**
 * The step that resumes a session whose engine stopped (a restart, or a
 * takeover after its lease ended). The engine was last known alive at the
 * record's `checkpointAt`, where it had observed presence: the open interval
 * is charged up to then, or to an absence's deadline if that came first, and
 * not after, since nobody can tell how much more was served; checkpoints
 * (`checkpointSeconds`) keep that instant close. A session down longer than
 * `pauseGraceMs` ends as `interrupted`; one whose user or consultant has been
 * away past the absence grace pauses (the record already shows who is away:
 * the engine observes presence before each step); otherwise a fresh interval
 * starts now. A session paused for an absence that has ended resumes.
 */
export async function recoveryStep(
  session: SessionRecord,
  now: number,
  config: BillingConfig,
  context: RecoveryContext,
): Promise<Step | null> {
  switch (session.status) {
    case 'offered':
    case 'requested':
      return { next: now >= session.requestExpiresAt ? closeRequest(session, now, 'expired') : session };
    case 'paused': {
      const graceEnd = (session.pausedAt ?? now) + config.pauseGraceMs;
      if ((resumesAt(session) ?? graceEnd) < graceEnd) return await context.resumeFromAbsence(session);
      return { next: now >= graceEnd ? endSession(session, graceEnd, 'inactivity') : session };
    }
    case 'active': {
      // Served by the checkpoint, and never past an absence deadline: a step that opened the interval after a
      // side's grace had run out (an accept while they were away) wrote one already passed, which the engine's
      // next tick would have paused at.
      const servedUntil = Math.min(
        session.checkpointAt,
        absenceDeadline(session, config.absenceGraceMs) ?? Number.POSITIVE_INFINITY,
      );
      const aborted =
        session.intervalIndex === 0 ? session : closeInterval(session, servedInInterval(session, servedUntil));
      if (now - session.checkpointAt > config.pauseGraceMs) {
        return { next: endSession(aborted, now, 'interrupted') };
      }
      const deadline = absenceDeadline(aborted, config.absenceGraceMs);
      if (deadline !== null && deadline <= now) {
        const paused = pauseSession(aborted, now, 'absence');
        return (await context.resumeFromAbsence(paused)) ?? { next: paused };
      }
      const payer = await context.wallet.getAccount(session.userId);
      if (!(await context.rolesHold(session, payer))) return { next: endSession(aborted, now, 'invalid_role') };
      // The aborted interval's hold is about to be released.
      return context.continueAt(aborted, now, (payer?.available ?? 0) + closingHold(aborted));
    }
    default:
      return null;
  }
}
