import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const HOST_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A host started as a real child process (`pnpm start`'s command line). */
export interface HostProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: string[];
  /** Sends a signal and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** `src/main.ts` as a child process on a free port, its output collected. */
async function startMain(env: Record<string, string>, args: readonly string[]) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=@jyotishconnect/source', '--import', 'tsx', 'src/main.ts', ...args],
    {
      cwd: HOST_DIR,
      // An empty value counts as unset, so a test can leave HOST or DEMO to the host's defaults.
      env: { ...process.env, DEMO: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  // 'close' comes after the output streams end, so a process that exits at once has all its output read.
  const closed = once(child, 'close') as Promise<[number | null]>;
  return { port, child, output, closed };
}

/** Runs the host until it exits by itself (a refused configuration): its exit code and output. */
export async function exitOfHost(
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<{ code: number | null; output: string }> {
  const { output, closed } = await startMain(env, args);
  const [code] = await closed;
  return { code, output: output.join('') };
}

/** Spawns a host with `env` (and command-line `args`) and waits until `/readyz` answers 200. */
export async function spawnHost(env: Record<string, string>, args: readonly string[] = []): Promise<HostProcess> {
  const { port, child, output } = await startMain(env, args);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`host exited ${child.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`host not ready:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    output,
    kill: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}

/** A minimal protocol-v1 WebSocket client: request → ack result, or throws the error frame. */
export async function connectWs(url: string, token: string) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`);
  const events: Array<{ event: string; data: unknown }> = [];
  const waiting = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.on('message', (raw) => {
    const frame = JSON.parse(raw.toString());
    if (frame.type === 'event') events.push({ event: frame.event, data: frame.data });
    const pending = frame.id ? waiting.get(frame.id) : undefined;
    if (!pending) return;
    waiting.delete(frame.id);
    if (frame.type === 'ack') pending.resolve(frame.result);
    else pending.reject(new Error(`${frame.code}: ${frame.message}`));
  });
  await once(socket, 'open');
  let next = 0;
  return {
    events,
    request: (type: string, fields: Record<string, unknown>) =>
      new Promise<unknown>((resolve, reject) => {
        const id = `r${++next}`;
        waiting.set(id, { resolve, reject });
        socket.send(JSON.stringify({ v: 1, id, type, ...fields }));
      }),
    /** Resolves with the close code once the server or the client closes the connection. */
    closed: new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code))),
    close: () => socket.close(),
  };
}
