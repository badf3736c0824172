// A coturn TURN server of the test's own on 127.0.0.1 (Debian's `coturn`, installed by .ci/run), checking
// credentials as the host issues them (`use-auth-secret`). Started on a free port and stopped after the suite.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `turnserver` (Debian's coturn) is installed here. */
export const hasTurnserver = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v turnserver'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A running coturn. */
export interface Coturn {
  /** The `TURN_URLS` value that reaches it. */
  readonly url: string;
  /** Its UDP port on 127.0.0.1. */
  readonly port: number;
  /** Stops it (SIGTERM) and waits until it has exited; its port then refuses every request. */
  stop(): Promise<void>;
}

/** A UDP port nothing listens on now. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Whether a STUN Binding request (RFC 5389) to `port` gets a Binding success response within `ms`. */
async function answersStun(port: number, ms: number): Promise<boolean> {
  const socket = createSocket('udp4');
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0); // Binding request, no attributes
  request.writeUInt32BE(0x2112a442, 4); // magic cookie
  randomBytes(12).copy(request, 8);
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      socket.on('message', (answer) => {
        clearTimeout(timer);
        resolve(answer.readUInt16BE(0) === 0x0101 && answer.subarray(8, 20).equals(request.subarray(8, 20)));
      });
      socket.on('error', () => resolve(false));
      socket.send(request, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

/**
 * Starts `turnserver` on 127.0.0.1 at a free port: TURN REST credentials signed with `secret`, relaying on
 * 127.0.0.1 between loopback peers, no TLS, no admin CLI, its user database in a temporary folder (never
 * the system's). Resolves once it answers STUN.
 */
export async function startCoturn(secret: string): Promise<Coturn> {
  const dir = mkdtempSync(join(tmpdir(), 'coturn-'));
  const port = await freeUdpPort();
  const child: ChildProcess = spawn(
    'turnserver',
    [
      `--listening-port=${port}`,
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      '--allow-loopback-peers',
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=jyotishconnect.test',
      '--fingerprint',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--no-stdout-log',
      `--userdb=${join(dir, 'turndb')}`,
      `--pidfile=${join(dir, 'turnserver.pid')}`,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  // Each probe waits up to a second for its answer; a loaded machine gets a minute in all.
  let ready = false;
  for (let attempt = 0; attempt < 60 && !ready && child.exitCode === null; attempt += 1) {
    ready = await answersStun(port, 1_000);
  }
  if (!ready) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`turnserver did not answer STUN on 127.0.0.1:${port}`);
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    port,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
