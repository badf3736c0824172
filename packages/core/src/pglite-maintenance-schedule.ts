import { type Clock, systemClock, type TimerHandle } from './clock.js';
import {
  maintainPGlite,
  maintenanceSettings,
  type PGliteMaintenanceOptions,
  type PGliteMaintenanceReport,
  wholeNumber,
} from './pglite-maintenance.js';
import type { SqlExecutor } from './sql.js';

/** Milliseconds between passes by default: autovacuum's own `autovacuum_naptime`. */
const EVERY_MS = 60_000;

/** When {@link schedulePGliteMaintenance} runs its passes, and who hears of them. */
export interface PGliteMaintenanceSchedule extends PGliteMaintenanceOptions {
  /** Milliseconds from the end of one pass to the start of the next (1 s to a day); default 60,000. */
  everyMs?: number;
  /** The clock the passes wait on; default {@link systemClock}. */
  clock?: Clock;
  /** Told what each pass did and how long, in milliseconds, it held the database. */
  onPass?: (report: PGliteMaintenanceReport, ms: number) => void;
  /** Told of a failed pass. Billing never waits on one, and the next pass runs on schedule all the same. */
  onError: (error: unknown) => void;
}

/** Ends a maintenance schedule; resolves once the pass in flight, if any, has finished. */
export type StopMaintenance = () => Promise<void>;

/**
 * Runs {@link maintainPGlite} on `db` every `everyMs`, as autovacuum wakes on a
 * server: one pass at a time, the next timed from the end of the last, so a slow
 * pass never has another queued behind it. Options out of range fail with
 * `INVALID_MAINTENANCE_OPTION` here, not a pass later. Close the database only
 * after the returned stop has resolved: a pass may be running.
 *
 * @example
 * const stop = schedulePGliteMaintenance(fromPGlite(pglite), { onError: (error) => log.error(error) });
 * // on shutdown
 * await stop();
 * await pglite.close();
 */
export function schedulePGliteMaintenance(db: SqlExecutor, schedule: PGliteMaintenanceSchedule): StopMaintenance {
  const options = maintenanceSettings(schedule);
  const everyMs = wholeNumber('everyMs', schedule.everyMs ?? EVERY_MS, 1_000, 86_400_000);
  const clock = schedule.clock ?? systemClock;
  let timer: TimerHandle | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const pass = async () => {
    const startedAt = clock.now();
    try {
      const report = await maintainPGlite(db, options);
      schedule.onPass?.(report, clock.now() - startedAt);
    } catch (error) {
      schedule.onError(error);
    }
  };
  const next = () => {
    timer = clock.setTimeout(() => {
      timer = null;
      running = pass().finally(() => {
        if (!stopped) next();
      });
    }, everyMs);
  };
  next();

  return async () => {
    stopped = true;
    if (timer) clock.clearTimeout(timer);
    await running;
  };
}
