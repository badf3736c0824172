/**
 * Request/response over the Node IPC channel between a bench and its child
 * processes (the ws bench's servers and load generator, the billing bench's
 * engines). A child exits when the channel closes, so an orchestrator that
 * dies never leaves it behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A command sent to a child: `cmd` plus its arguments. */
export interface IpcRequest {
  id: number;
  cmd: string;
  [key: string]: unknown;
}

interface IpcReply {
  id: number;
  result?: unknown;
  error?: string;
}

/** Child side: answers each command with its handler's result; exits when the parent goes away. */
export function serveIpc(handlers: Record<string, (request: IpcRequest) => unknown>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('run me from a bench (no IPC channel)');
  process.on('message', async (message: IpcRequest) => {
    const handler = handlers[message.cmd];
    try {
      if (!handler) throw new Error(`unknown command ${message.cmd}`);
      send({ id: message.id, result: await handler(message) } satisfies IpcReply);
    } catch (error) {
      send({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  // `Child.kill` sends SIGTERM: exiting, rather than dying of the signal, lets Node write what it writes at
  // exit (`--cpu-prof` profiles given through BENCH_ENGINE_NODE_FLAGS).
  process.on('SIGTERM', () => process.exit(0));
}

/** Sends the child's first message (readiness) to the parent. */
export function announce(payload: Record<string, unknown>): void {
  process.send?.({ id: 0, result: payload } satisfies IpcReply);
}

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
const tsxLoader = import.meta.resolve('tsx');

/** Whether `taskset` can pin processes here. */
export function hasTaskset(): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, 'taskset')));
}

/** Parent side of one child process. */
export class Child {
  readonly process: ChildProcess;
  readonly ready: Promise<Record<string, unknown>>;
  #next = 1;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #exited = false;

  /**
   * Starts `bench/<script>.ts` under tsx with the source condition, pinned to `cpu` with taskset
   * when given, with the open-files limit raised to `maxFiles`.
   */
  constructor(
    script: string,
    options: { cpu: number | null; maxFiles: number; nodeFlags?: string[]; env?: NodeJS.ProcessEnv },
  ) {
    const node = [
      process.execPath,
      ...(options.nodeFlags ?? []),
      '--conditions=@jyotishconnect/source',
      '--import',
      tsxLoader,
      join(benchDir, `${script}.ts`),
    ];
    const pinned = options.cpu === null ? node : ['taskset', '-c', String(options.cpu), ...node];
    const quoted = pinned.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
    this.process = spawn('bash', ['-c', `ulimit -n ${options.maxFiles} 2>/dev/null || true; exec ${quoted}`], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...options.env },
    });
    let announced: (value: Record<string, unknown>) => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      announced = resolve;
      failed = reject;
    });
    this.ready.catch(() => undefined);
    this.process.on('message', (reply: IpcReply) => {
      if (reply.id === 0) return announced(reply.result as Record<string, unknown>);
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.error !== undefined) pending.reject(new Error(`${script}: ${reply.error}`));
      else pending.resolve(reply.result);
    });
    this.process.on('exit', (code, signal) => {
      this.#exited = true;
      const error = new Error(`${script} exited (${signal ?? code})`);
      failed(error);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    });
  }

  /** Sends a command and resolves with the child's answer; rejects after `timeoutMs`. */
  ask<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    if (this.#exited) return Promise.reject(new Error(`child gone before ${cmd}`));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.process.send({ id, cmd, ...args } satisfies IpcRequest);
    });
  }

  /** Kills the child (SIGKILL after 2 s) and waits for it to exit. */
  async kill(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }

  /** Synchronous last-resort kill, for `process.on('exit')`. */
  killNow(): void {
    if (!this.#exited) this.process.kill('SIGKILL');
  }
}
