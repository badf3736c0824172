import type { AbsenceReport } from '@jyotishconnect/billing-engine';
import type { Clock } from '@jyotishconnect/core';
import type { ConsultationBilling } from './billing-port.js';

/**
 * What this process saw of its users' connections: each user's latest
 * absence (from their last connection closing, anywhere, to their first
 * coming back), told to billing as it happens, so a session pauses while a
 * side is away and resumes when both are back. Billing decides the grace.
 */
export class PresenceReports {
  readonly #absences = new Map<string, { since: number; until: number | null }>();

  constructor(
    private readonly billing: ConsultationBilling | undefined,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The user's last connection (in every process) closed. */
  wentAway(userId: string): void {
    const now = this.clock.now();
    this.#absences.set(userId, { since: now, until: null });
    this.billing?.absent(userId, now).catch(this.onError);
  }

  /** The user's first connection (in any process) opened. */
  cameBack(userId: string): void {
    const absence = this.#absences.get(userId);
    if (absence && absence.until === null) absence.until = this.clock.now();
    this.billing?.present(userId, absence?.since).catch(this.onError);
  }

  /**
   * The user's latest absence as far as this process knows, given whether
   * they are `connected` now in any process. An absence another process saw
   * begin has no known start (`since` undefined); one another process saw
   * end is taken to end now.
   */
  latestAbsence(userId: string, connected: boolean): AbsenceReport | null {
    const known = this.#absences.get(userId);
    if (connected) return known ? { since: known.since, until: known.until ?? this.clock.now() } : null;
    return { since: known?.until === null ? known.since : undefined, until: null };
  }
}
