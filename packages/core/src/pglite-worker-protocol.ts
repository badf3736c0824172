// The messages between a PGlite worker thread and the executor that drives it,
// and how an error crosses between them.

/** What the main thread passes as `workerData`. */
export interface PGliteWorkerData {
  /** PGlite's data folder; in memory when absent. */
  dataDir?: string;
  /** Freeze the folder's other databases when opening it once they are older than this many transactions. */
  freezeTemplatesAfterXids: number;
}

/** The id of the reply that says the database is open (or why it is not). */
export const OPENED_REPLY_ID = 0;

/** A request the main thread sends; `id` pairs it with its {@link WorkerReply}. */
export type WorkerRequest =
  | {
      type: 'query';
      id: number;
      text: string;
      params: readonly unknown[];
      prepare: boolean;
      /** The id of the `begin` whose transaction the statement runs in. */
      tx?: number;
    }
  | { type: 'begin'; id: number }
  | { type: 'commit' | 'rollback'; id: number; tx: number }
  | { type: 'dump'; id: number }
  | { type: 'close'; id: number };

/** The worker's answer to one request. */
export type WorkerReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: ClonedError };

/** An error as it crosses the thread boundary: its message, name and every cloneable field. */
export interface ClonedError {
  message: string;
  name: string;
  stack?: string;
  /** Own fields such as a database error's `code` (SQLSTATE), `detail`, `constraint`, `query`, `params`. */
  fields: Record<string, unknown>;
}

/** Copies what a thrown value says into a form `postMessage` can carry. */
export function cloneError(thrown: unknown): ClonedError {
  if (typeof thrown !== 'object' || thrown === null) return { message: String(thrown), name: 'Error', fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(thrown)) {
    // A field that cannot be cloned (a function among PGlite's query options) stays behind.
    if (isCloneable(value)) fields[key] = value;
  }
  // Not every thrown object is an Error: PGlite's file system throws plain objects (an errno, a code).
  const { message, name, stack } = thrown as { message?: unknown; name?: unknown; stack?: unknown };
  return {
    message: typeof message === 'string' ? message : JSON.stringify(fields),
    name: typeof name === 'string' ? name : 'Error',
    stack: typeof stack === 'string' ? stack : undefined,
    fields,
  };
}

/**
 * Rebuilds an error the worker threw: an `Error` carrying the same name,
 * message, fields and stack (the worker's), so `sqlState` and the adapters
 * read it as they read the driver's own.
 */
export function revivedError(cloned: ClonedError): Error {
  const error = new Error(cloned.message);
  Object.assign(error, cloned.fields);
  Object.defineProperty(error, 'name', { value: cloned.name, configurable: true, writable: true });
  if (cloned.stack) error.stack = cloned.stack;
  return error;
}

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
