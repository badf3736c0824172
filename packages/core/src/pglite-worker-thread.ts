// The worker-thread side of `openPGliteWorker`: owns one PGlite database and
// runs the statements the main thread sends through `fromPGlite`, so prepared
// statements and PGlite's lock rules are the same as in-process.
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { fromPGlite } from './pglite.js';
import { betweenTransactions } from './pglite-locks.js';
import { openFreezingTemplates } from './pglite-templates.js';
import {
  cloneError,
  OPENED_REPLY_ID,
  type PGliteWorkerData,
  type WorkerReply,
  type WorkerRequest,
} from './pglite-worker-protocol.js';
import type { SqlExecutor, SqlResult } from './sql.js';

// Thrown inside a held transaction's callback so PGlite rolls it back; never leaves this thread.
const ROLLED_BACK = Symbol('rolled back');

/**
 * A PGlite transaction kept open across messages: its callback waits until
 * the main thread says commit or rollback.
 */
class HeldTransaction {
  #decide: (commit: boolean) => void = () => undefined;
  readonly #decision = new Promise<boolean>((resolve) => {
    this.#decide = resolve;
  });
  #executor: SqlExecutor | undefined;
  readonly #settled: Promise<void>;
  /** Resolves once BEGIN has run; rejects if it failed. */
  readonly opened: Promise<void>;

  constructor(db: SqlExecutor) {
    let markOpened: () => void = () => undefined;
    const open = new Promise<void>((resolve) => {
      markOpened = resolve;
    });
    this.#settled = db.transaction(async (tx) => {
      this.#executor = tx;
      markOpened();
      if (!(await this.#decision)) throw ROLLED_BACK;
    });
    this.opened = Promise.race([open, this.#settled]);
  }

  /** Runs one statement inside the transaction. */
  query(text: string, params: readonly unknown[], prepare: boolean): Promise<SqlResult<unknown>> {
    if (!this.#executor) throw new Error('the transaction has not begun');
    return this.#executor.query(text, params, { prepare });
  }

  /** Commits or rolls back, and settles when PGlite has. */
  async end(commit: boolean): Promise<void> {
    this.#decide(commit);
    try {
      await this.#settled;
    } catch (error) {
      if (error !== ROLLED_BACK) throw error;
    }
  }
}

function serve(port: NonNullable<typeof parentPort>, pglite: PGlite): void {
  const db = fromPGlite(pglite);
  const held = new Map<number, HeldTransaction>();
  const dumpLock = betweenTransactions(pglite);

  function transaction(tx: number): HeldTransaction {
    const found = held.get(tx);
    if (!found) throw new Error(`transaction ${tx} is not open on the PGlite worker`);
    return found;
  }

  async function answer(request: WorkerRequest): Promise<unknown> {
    switch (request.type) {
      case 'query': {
        const { text, params, prepare, tx } = request;
        // Only the rows cross back: they are all a SqlResult promises, and cloning costs per field.
        const { rows } = await (tx === undefined
          ? db.query(text, params, { prepare })
          : transaction(tx).query(text, params, prepare));
        return { rows };
      }
      case 'begin': {
        const opened = new HeldTransaction(db);
        await opened.opened;
        held.set(request.id, opened);
        return request.id;
      }
      case 'commit':
      case 'rollback': {
        const ending = transaction(request.tx);
        held.delete(request.tx);
        await ending.end(request.type === 'commit');
        return undefined;
      }
      case 'dump': {
        // Between two transactions, as a backup must be: never a charge half written.
        if (!dumpLock) throw new Error('this PGlite version does not expose its transaction lock: no consistent dump');
        const archive = await dumpLock(() => pglite.dumpDataDir('gzip'));
        return await archive.arrayBuffer();
      }
      case 'close': {
        // A transaction still open would hold PGlite's lock, and close waits for it forever: a
        // host shutting down mid-transaction rolls it back, as a dropped connection would.
        const open = [...held.values()];
        held.clear();
        await Promise.allSettled(open.map((each) => each.end(false)));
        await pglite.close();
        return undefined;
      }
    }
  }

  port.on('message', async (request: WorkerRequest) => {
    try {
      const value = await answer(request);
      // A dump's bytes move to the main thread rather than being copied.
      port.postMessage(
        { id: request.id, ok: true, value } satisfies WorkerReply,
        value instanceof ArrayBuffer ? [value] : [],
      );
    } catch (error) {
      // The request's own failure, or a value that could not be sent back: either way the caller hears of it.
      port.postMessage({ id: request.id, ok: false, error: cloneError(error) } satisfies WorkerReply);
    }
  });
}

async function start(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the PGlite worker script must run in a worker thread');
  const { dataDir, freezeTemplatesAfterXids } = workerData as PGliteWorkerData;
  let pglite: PGlite;
  try {
    pglite = await openFreezingTemplates(dataDir, freezeTemplatesAfterXids);
  } catch (error) {
    port.postMessage({ id: OPENED_REPLY_ID, ok: false, error: cloneError(error) } satisfies WorkerReply);
    return;
  }
  serve(port, pglite);
  port.postMessage({ id: OPENED_REPLY_ID, ok: true } satisfies WorkerReply);
}

void start();
