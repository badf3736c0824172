import type { Clock, TimerHandle } from '@jyotishconnect/core';
import type { Logger } from 'pino';
import type { Stores } from './stores-port.js';

/**
 * Past this age the templates of the embedded database need a restart to be frozen (`openPGliteWorker`
 * freezes them as it opens the folder): a billion of the ~2.1 billion transactions PostgreSQL allows
 * before it refuses writes, so months of warning at any rate a host reaches.
 */
export const TEMPLATE_XID_AGE_WARNING = 1_000_000_000;

/** A pass at least this long is logged at `info`: every tick waited on part of it. */
const SLOW_PASS_MS = 1_000;

/**
 * Runs the store's maintenance pass (the embedded PGlite's vacuum) every
 * `minutes` on `clock`, one pass at a time, logging what each did (at `info`
 * when it froze the database or took a second, else at `debug`). Returns the
 * stop function, which waits for a pass in flight: the database must not close
 * under it. Stores without a pass, or `minutes` 0, schedule nothing.
 */
export function scheduleStoreMaintenance(
  stores: Pick<Stores, 'maintain'>,
  minutes: number,
  clock: Clock,
  logger: Logger,
): () => Promise<void> {
  const maintain = stores.maintain;
  if (!maintain || minutes === 0) return async () => {};
  let timer: TimerHandle | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const pass = async () => {
    const startedAt = clock.now();
    try {
      const report = await maintain();
      const ms = clock.now() - startedAt;
      // A pass a minute is routine; like autovacuum's own log, only a slow one or a freeze is worth a line.
      const notable = report.froze || ms >= SLOW_PASS_MS;
      logger[notable ? 'info' : 'debug']({ ...report, ms }, 'database maintenance');
      if (report.otherDatabasesXidAge > TEMPLATE_XID_AGE_WARNING) {
        logger.warn(
          { otherDatabasesXidAge: report.otherDatabasesXidAge },
          "restart the host soon: the embedded database's template databases near transaction-id wraparound, and they are frozen only when it opens",
        );
      }
    } catch (error) {
      // A failed pass is tried again at the next one; billing never waits on it.
      logger.error({ err: error }, 'database maintenance failed');
    }
  };
  const schedule = () => {
    timer = clock.setTimeout(() => {
      timer = null;
      running = pass().finally(() => {
        if (!stopped) schedule();
      });
    }, minutes * 60_000);
  };
  schedule();

  return async () => {
    stopped = true;
    if (timer) clock.clearTimeout(timer);
    await running;
  };
}
