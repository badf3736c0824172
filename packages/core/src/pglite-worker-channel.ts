import type { Worker } from 'node:worker_threads';
import { PGliteWorkerError } from './pglite-worker-errors.js';
import { OPENED_REPLY_ID, revivedError, type WorkerReply, type WorkerRequest } from './pglite-worker-protocol.js';

/** A request as the caller writes it: the channel numbers it. */
export type UnnumberedRequest = Unnumbered<WorkerRequest>;

// Distributes over the union, so each kind of request keeps its own fields.
type Unnumbered<Request> = Request extends unknown ? Omit<Request, 'id'> : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The main thread's end of the worker: numbered requests, each settled by its reply. */
export class WorkerChannel {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = OPENED_REPLY_ID + 1;
  /** Why no call can succeed any more: closed, or the thread is gone. */
  #stopped: PGliteWorkerError | undefined;
  readonly #exited: Promise<void>;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: WorkerReply) => this.#settle(reply));
    worker.on('error', (error) => {
      this.#stop(new PGliteWorkerError('PGLITE_WORKER_EXITED', 'the PGlite worker thread failed', { cause: error }));
    });
    this.#exited = new Promise((resolve) => {
      worker.once('exit', (exitCode) => {
        this.#stop(new PGliteWorkerError('PGLITE_WORKER_EXITED', `the PGlite worker thread exited (code ${exitCode})`));
        resolve();
      });
    });
  }

  /** Waits for the reply that says the database is open. */
  opened(): Promise<unknown> {
    return this.#await(OPENED_REPLY_ID);
  }

  /** Sends one request and waits for its answer. */
  request(request: UnnumberedRequest): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    const answered = this.#await(id);
    try {
      this.#worker.postMessage({ ...request, id });
    } catch (error) {
      // A parameter that cannot cross threads (a function, a symbol): nothing was sent.
      this.#pending.delete(id);
      return Promise.reject(error);
    }
    return answered;
  }

  /** Refuses every later call with `reason`; calls already sent still get their answers. */
  refuseNewCalls(reason: PGliteWorkerError): void {
    this.#stopped ??= reason;
  }

  /** Stops the thread and waits until it has exited. */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
    await this.#exited;
  }

  #await(id: number): Promise<unknown> {
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(revivedError(reply.error));
  }

  #stop(reason: PGliteWorkerError): void {
    this.#stopped ??= reason;
    for (const pending of this.#pending.values()) pending.reject(reason);
    this.#pending.clear();
  }
}
