import { FREEZE_AFTER_XIDS } from './pglite-maintenance.js';
import { WorkerChannel } from './pglite-worker-channel.js';
import { PGliteWorkerError } from './pglite-worker-errors.js';
import type { PGliteWorkerData } from './pglite-worker-protocol.js';
import { startWorkerScript } from './pglite-worker-script.js';
import type { SqlExecutor, SqlResult } from './sql.js';

// A PGlite database on a worker thread of its own. Its own entry, so only code
// that asks for it loads `node:worker_threads` and, in the worker, PGlite.

export { PGliteWorkerError, type PGliteWorkerErrorCode } from './pglite-worker-errors.js';

/** Options of {@link openPGliteWorker}. */
export interface PGliteWorkerOptions {
  /**
   * When opening the folder, freeze its template databases once their transaction ids are older than this
   * (default 100 million): PGlite counts wraparound by its oldest database, and only a PGlite opened on a
   * template can freeze it. `maintainPGlite` keeps the main database frozen while it runs.
   */
  freezeTemplatesAfterXids?: number;
}

/** An embedded PGlite database running on a worker thread, driven from this one. */
export interface PGliteWorker {
  /** Runs statements and transactions on the worker's database, as `fromPGlite` would in-process. */
  readonly executor: SqlExecutor;
  /**
   * A consistent copy of the data folder as a gzipped tar archive, taken
   * between two transactions (never inside one), to restore with PGlite's
   * `loadDataDir`.
   */
  dumpDataDir(): Promise<Blob>;
  /** Closes the database and stops the thread; later calls fail with `PGLITE_WORKER_CLOSED`. */
  close(): Promise<void>;
}

/**
 * Opens an embedded PGlite database on a worker thread of its own, so its
 * statements use a second core instead of competing with this thread's event
 * loop. Each statement costs one message round trip. `dataDir` is PGlite's data
 * folder (in memory when absent).
 *
 * @example
 * const pglite = await openPGliteWorker('./data');
 * await migrateWalletStore(pglite.executor, { schema: 'wallet' });
 * const store = createPostgresWalletStore({ db: pglite.executor, schema: 'wallet' });
 * // …
 * await pglite.close();
 */
export async function openPGliteWorker(dataDir?: string, options: PGliteWorkerOptions = {}): Promise<PGliteWorker> {
  const workerData: PGliteWorkerData = {
    dataDir,
    freezeTemplatesAfterXids: options.freezeTemplatesAfterXids ?? FREEZE_AFTER_XIDS,
  };
  const channel = new WorkerChannel(startWorkerScript({ workerData }));
  try {
    await channel.opened();
  } catch (error) {
    await channel.terminate();
    if (error instanceof PGliteWorkerError) throw error;
    throw new PGliteWorkerError(
      'PGLITE_WORKER_OPEN_FAILED',
      `PGlite could not open ${dataDir ?? 'a database in memory'}`,
      {
        cause: error,
      },
    );
  }
  let closing: Promise<void> | undefined;
  return {
    executor: workerExecutor(channel),
    async dumpDataDir() {
      const archive = (await channel.request({ type: 'dump' })) as ArrayBuffer;
      return new Blob([archive], { type: 'application/gzip' });
    },
    close() {
      closing ??= (async () => {
        const closed = channel.request({ type: 'close' });
        channel.refuseNewCalls(new PGliteWorkerError('PGLITE_WORKER_CLOSED', 'the PGlite worker is closed'));
        try {
          await closed;
        } finally {
          await channel.terminate();
        }
      })();
      return closing;
    },
  };
}

function workerExecutor(channel: WorkerChannel, tx?: number): SqlExecutor {
  const executor: SqlExecutor = {
    query(text, params = [], options) {
      const request = { type: 'query', text, params, prepare: options?.prepare === true, tx } as const;
      return channel.request(request) as Promise<SqlResult<never>>;
    },
    transaction:
      tx === undefined
        ? (work) => inTransaction(channel, work)
        : // Already inside a transaction: nested work joins it.
          (work) => work(executor),
  };
  return executor;
}

async function inTransaction<T>(channel: WorkerChannel, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  const tx = (await channel.request({ type: 'begin' })) as number;
  let result: T;
  try {
    result = await work(workerExecutor(channel, tx));
  } catch (error) {
    // Work's error is the one to report; a failed rollback (a worker that died) fails the next call anyway.
    await channel.request({ type: 'rollback', tx }).catch(() => undefined);
    throw error;
  }
  await channel.request({ type: 'commit', tx });
  return result;
}
