import type { Clock, PGliteMaintenanceReport } from '@jyotishconnect/core';
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
 * Runs the store's maintenance passes (the embedded PGlite's vacuum) every
 * `minutes` on `clock`, logging what each did: at `info` when it froze the
 * database or took a second, else at `debug`; a failure as an error. Returns
 * the stop, which waits for a pass in flight: the database must not close under
 * it. Stores without passes, or `minutes` 0, schedule nothing.
 */
export function scheduleStoreMaintenance(
  stores: Pick<Stores, 'scheduleMaintenance'>,
  minutes: number,
  clock: Clock,
  logger: Logger,
): () => Promise<void> {
  if (!stores.scheduleMaintenance || minutes === 0) return async () => {};
  return stores.scheduleMaintenance({
    everyMs: minutes * 60_000,
    clock,
    onPass: (report, ms) => logPass(logger, report, ms),
    // Tried again at the next pass; billing never waits on one.
    onError: (error) => logger.error({ err: error }, 'database maintenance failed'),
  });
}

function logPass(logger: Logger, report: PGliteMaintenanceReport, ms: number): void {
  // A pass a minute is routine; like autovacuum's own log, only a slow one or a freeze is worth a line.
  const notable = report.froze || ms >= SLOW_PASS_MS;
  logger[notable ? 'info' : 'debug']({ ...report, ms }, 'database maintenance');
  if (report.otherDatabasesXidAge > TEMPLATE_XID_AGE_WARNING) {
    logger.warn(
      { otherDatabasesXidAge: report.otherDatabasesXidAge },
      "restart the host soon: the embedded database's template databases near transaction-id wraparound, and they are frozen only when it opens",
    );
  }
}
