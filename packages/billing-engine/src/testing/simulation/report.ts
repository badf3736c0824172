import type { SessionRecord } from '../../session-record.js';
import { latestSessions } from './auditor.js';
import type { Histories } from './history.js';

/** What a run did, and every invariant it found broken (none when it passed). */
export interface SimulationReport {
  readonly seed: number;
  /** Steps run (fewer than asked when a problem stopped the run). */
  readonly steps: number;
  readonly sessions: number;
  readonly billedSeconds: number;
  readonly endReasons: Readonly<Record<string, number>>;
  /** Faults and events injected. */
  readonly crashes: number;
  readonly stalls: number;
  readonly disconnects: number;
  readonly freezes: number;
  readonly refunds: number;
  /** The step after which the auditor first found a problem; `null` when none did. */
  readonly failedStep: number | null;
  readonly problems: readonly string[];
  /**
   * Every version written of each session a problem names, oldest first (none when no problem names
   * one): how it got there, which the problem's one line cannot say.
   */
  readonly trail: Readonly<Record<string, readonly SessionRecord[]>>;
}

/** How many faults and events a run injected so far. */
export interface FaultCounts {
  crashes: number;
  stalls: number;
  disconnects: number;
  freezes: number;
  refunds: number;
}

/** The report of a run that stopped after `steps`, from the sessions as last written. */
export function reportRun(
  seed: number,
  histories: Histories,
  counts: FaultCounts,
  steps: number,
  failedStep: number | null,
  problems: readonly string[],
): SimulationReport {
  const sessions = latestSessions(histories);
  const endReasons: Record<string, number> = {};
  for (const s of sessions) endReasons[s.endReason ?? s.status] = (endReasons[s.endReason ?? s.status] ?? 0) + 1;
  const billedSeconds = sessions.reduce((sum, s) => sum + Math.floor(s.servedMs / 1000), 0);
  return {
    seed,
    steps,
    sessions: sessions.length,
    billedSeconds,
    endReasons,
    ...counts,
    failedStep,
    problems,
    trail: trailOf(histories, problems),
  };
}

/** The versions of the sessions `problems` name: the auditor starts a session's problems with its id. */
function trailOf(histories: Histories, problems: readonly string[]): Record<string, readonly SessionRecord[]> {
  const trail: Record<string, readonly SessionRecord[]> = {};
  for (const [id, versions] of histories) {
    if (problems.some((problem) => problem.startsWith(`${id}:`) || problem.startsWith(`${id} (`))) trail[id] = versions;
  }
  return trail;
}
