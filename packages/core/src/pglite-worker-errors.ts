import { JyotishError } from './errors.js';

/** Why a call to a PGlite worker failed before reaching the database. */
export type PGliteWorkerErrorCode =
  /** The worker was closed; open a new one. */
  | 'PGLITE_WORKER_CLOSED'
  /** PGlite could not open its data folder (the cause says why). */
  | 'PGLITE_WORKER_OPEN_FAILED'
  /** The worker thread stopped (crashed, or was terminated) or never started. */
  | 'PGLITE_WORKER_EXITED'
  /** The worker script is not beside the module that starts it (a bundler left it out). */
  | 'PGLITE_WORKER_SCRIPT_MISSING';

/** A PGlite worker that cannot take calls. Database errors pass through as the driver's own. */
export class PGliteWorkerError extends JyotishError<PGliteWorkerErrorCode> {}
