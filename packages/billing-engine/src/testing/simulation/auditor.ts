import type { Wallet } from '@jyotishconnect/wallet-store';
import { commissionOn, secondsIn } from '../../proration.js';
import { summarize } from '../../session.js';
import type { SessionRecord } from '../../session-record.js';
import { activeMs, billedSpans, dueAcrossSwitches, type Histories, inOrder } from './history.js';
import type { LedgerWatch } from './ledger.js';
import type { Absence, SimulatedPresence } from './presence.js';

/** What the auditor looks at: the books, the sessions as written, and the ground truth of presence. */
export interface AuditSubject {
  readonly wallet: Wallet;
  readonly histories: Histories;
  readonly ledger: LedgerWatch;
  readonly presence: SimulatedPresence;
  readonly userIds: readonly string[];
  /** A side away longer than this must not be billed. */
  readonly absenceGraceMs: number;
  readonly now: number;
}

/** The latest written version of every session. */
export function latestSessions(histories: Histories): SessionRecord[] {
  return [...histories.values()].flatMap((history) => inOrder(history).slice(-1));
}

/**
 * The invariants that hold after every step, whatever is in flight: money
 * conserved, no negative available balance, `available = balance − unexpired
 * holds`, no interval charged beyond what its session recorded, no hold open
 * for an ended session, and nobody billed for time a side was away past the
 * grace. Returns one line per problem; none when all hold.
 */
export async function auditStep(subject: AuditSubject): Promise<string[]> {
  const { wallet, ledger, now } = subject;
  const problems: string[] = [];
  const report = await wallet.verify();
  problems.push(...report.problems);
  if (report.total !== 0) problems.push(`balances sum to ${report.total}`);

  const sessions = latestSessions(subject.histories);
  const byId = new Map(sessions.map((session) => [session.id, session]));
  const openHeld = new Map<string, number>();
  for (const tracked of ledger.holds.values()) {
    const hold = tracked.status === 'open' ? await wallet.getHold(tracked.id) : tracked;
    if (hold?.status !== 'open' || hold.expiresAt <= now) continue;
    openHeld.set(hold.accountId, (openHeld.get(hold.accountId) ?? 0) + hold.amount);
    const session = byId.get(String(hold.metadata.sessionId));
    if (session?.status === 'ended') problems.push(`hold ${hold.id} is open after its session ended`);
  }
  for (const userId of subject.userIds) {
    const account = await wallet.getAccount(userId);
    if (!account) continue;
    if (account.available < 0) problems.push(`${userId}: available ${account.available} is negative`);
    const held = openHeld.get(userId) ?? 0;
    if (account.held !== held) problems.push(`${userId}: held ${account.held}, but its open holds reserve ${held}`);
  }

  for (const session of sessions) {
    const moved = ledger.movesOf(session.id);
    if (moved.user > session.userCharged || moved.promo > session.promoCharged) {
      problems.push(
        `${session.id}: the ledger charged ${moved.user}+${moved.promo}, the session records ${session.userCharged}+${session.promoCharged}`,
      );
    }
    if (moved.others !== 0) problems.push(`${session.id}: ${moved.others} paise moved from or to a stranger`);
    problems.push(...absenceProblems(subject, session));
  }
  return problems;
}

/** Seconds billed while the user or the consultant had been away longer than the grace. */
function absenceProblems(subject: AuditSubject, session: SessionRecord): string[] {
  const spans = billedSpans(subject.histories.get(session.id) ?? []);
  const problems: string[] = [];
  for (const participantId of [session.userId, session.consultantId]) {
    for (const absence of subject.presence.absencesOf(participantId)) {
      for (const span of spans) {
        const overlap = overlapMs(span, absence, subject.absenceGraceMs);
        if (overlap > 0) {
          problems.push(
            `${session.id}: interval ${span.index} billed ${overlap} ms while ${participantId} had been away since ${absence.from} past the grace`,
          );
        }
      }
    }
  }
  return problems;
}

function overlapMs(span: { from: number; to: number }, absence: Absence, graceMs: number): number {
  const from = Math.max(span.from, absence.from + graceMs);
  const to = Math.min(span.to, absence.to ?? Number.POSITIVE_INFINITY);
  return Math.max(0, to - from);
}

/**
 * The invariants of a finished run, every session ended: the ledger moved
 * exactly what each session's summary says; the total is `due(seconds
 * billed)`, each rate's seconds at that rate; the consultant got it less a commission rounded on the running
 * totals; only the user and the promotions account paid; no second was
 * billed beyond the time the session was active (exactly that time when no
 * process failed); refunds never exceeded the charges; nothing stays held.
 */
export async function auditFinal(subject: AuditSubject, options: { exactTime: boolean }): Promise<string[]> {
  const problems = await auditStep(subject);
  for (const session of latestSessions(subject.histories)) {
    const context = `${session.id} (${session.endReason}, rate ${session.ratePerMinute})`;
    if (session.status !== 'ended') problems.push(`${context}: still ${session.status}`);
    const summary = summarize(session);
    const moved = subject.ledger.movesOf(session.id);
    const recorded = `${summary.userCharged}/${summary.promoCharged}/${summary.consultantShare}/${summary.commission}`;
    const ledger = `${moved.user}/${moved.promo}/${moved.consultant}/${moved.revenue}`;
    if (recorded !== ledger) problems.push(`${context}: summary ${recorded}, ledger ${ledger}`);
    const due = dueAcrossSwitches(subject.histories.get(session.id) ?? [], summary.secondsBilled);
    if (summary.totalCharged !== due) problems.push(`${context}: charged ${summary.totalCharged}, due ${due}`);
    const commission =
      commissionOn(summary.userCharged, session.commissionBps) +
      commissionOn(summary.promoCharged, session.commissionBps);
    if (summary.commission !== commission)
      problems.push(`${context}: commission ${summary.commission}, not ${commission}`);
    if (summary.consultantShare + summary.commission !== summary.totalCharged) {
      problems.push(`${context}: shares do not add up to the charge`);
    }
    const active = activeMs(subject.histories.get(session.id) ?? []);
    if (options.exactTime ? session.servedMs !== active : session.servedMs > active) {
      problems.push(`${context}: served ${session.servedMs} ms, active ${active} ms`);
    }
    if (secondsIn(session.servedMs) !== summary.secondsBilled) problems.push(`${context}: seconds do not match`);
    if (moved.refunded > moved.user) problems.push(`${context}: refunded ${moved.refunded} of ${moved.user}`);
  }
  for (const userId of subject.userIds) {
    const held = (await subject.wallet.getAccount(userId))?.held ?? 0;
    if (held !== 0) problems.push(`${userId}: ${held} still held after every session ended`);
  }
  return problems;
}
