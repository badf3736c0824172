import type { AbsenceReport, PresenceSource } from '../../absence.js';

/** One stretch of time a participant had no connection: from `from` until `to` (`null`: still away). */
export interface Absence {
  readonly from: number;
  to: number | null;
}

/**
 * The simulation's ground truth of presence: which process each participant
 * is connected to, and every stretch they were away. It is also the
 * presence source the engines read, as a shared bus would be.
 */
export class SimulatedPresence implements PresenceSource {
  /** Participant → the process holding their connection. */
  readonly #attached = new Map<string, string>();
  readonly #absences = new Map<string, Absence[]>();

  /** Everyone starts connected at `now`. */
  constructor(participants: readonly string[], processes: readonly string[], pick: <T>(items: readonly T[]) => T) {
    for (const id of participants) this.#attached.set(id, pick(processes));
  }

  latestAbsence(participantId: string): AbsenceReport | null {
    const latest = this.#absences.get(participantId)?.at(-1);
    return latest ? { since: latest.from, until: latest.to } : null;
  }

  /** The process holding a participant's connection, or `undefined` while away. */
  processOf(participantId: string): string | undefined {
    return this.#attached.get(participantId);
  }

  /** The participant's connection closes at `now`. */
  disconnect(participantId: string, now: number): void {
    if (!this.#attached.delete(participantId)) return;
    const list = this.#absences.get(participantId) ?? [];
    list.push({ from: now, to: null });
    this.#absences.set(participantId, list);
  }

  /** The participant connects to `processId` at `now`. */
  connect(participantId: string, processId: string, now: number): void {
    if (this.#attached.has(participantId)) return;
    this.#attached.set(participantId, processId);
    const open = this.#absences.get(participantId)?.at(-1);
    if (open && open.to === null) open.to = now;
  }

  /** A process died: every connection it held closes at `now`; returns who lost theirs. */
  processDied(processId: string, now: number): string[] {
    const lost = [...this.#attached].filter(([, process]) => process === processId).map(([id]) => id);
    for (const id of lost) this.disconnect(id, now);
    return lost;
  }

  /** Every stretch the participant was away. */
  absencesOf(participantId: string): readonly Absence[] {
    return this.#absences.get(participantId) ?? [];
  }
}
