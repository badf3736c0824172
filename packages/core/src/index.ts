export { type Clock, systemClock, type TimerHandle } from './clock.js';
export { isJyotishError, JyotishError, type JyotishErrorOptions } from './errors.js';
export { idProblem, MAX_ID_LENGTH } from './ids.js';
export { ManualClock } from './manual-clock.js';
export { type MetricLabels, type MetricName, type MetricsSink, metricNames, noopMetrics } from './metrics.js';
export { mulDivFloor } from './money.js';
export { fromPGlite, type PGliteLike, type PGliteTransactionLike } from './pglite.js';
export {
  FREEZE_AFTER_XIDS,
  maintainPGlite,
  type PGliteMaintenanceOptions,
  type PGliteMaintenanceReport,
} from './pglite-maintenance.js';
export {
  type PGliteMaintenanceSchedule,
  type StopMaintenance,
  schedulePGliteMaintenance,
} from './pglite-maintenance-schedule.js';
export {
  fromPg,
  type Migration,
  migrate,
  type PgPoolClientLike,
  type PgPoolLike,
  type PgQueryable,
  type PgQueryConfig,
  type QueryOptions,
  quoteIdent,
  type SqlExecutor,
  type SqlResult,
  sqlState,
} from './sql.js';
export { dayFormat, isTimeZone } from './time-zone.js';
export { type PortCallListener, timedPort } from './timed-port.js';
