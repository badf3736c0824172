/**
 * What both bench servers share: an HTTP server on 127.0.0.1, a memory chat,
 * `role:id` tokens, and the IPC commands the orchestrator measures with
 * (CPU time, memory after GC, an optional CPU profile).
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { type Chat, createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { announce, type IpcRequest, serveIpc } from '../lib/ipc.js';

/** Who a `role:id` token names, or null. */
export function parseToken(token: unknown): { id: string; role: 'user' | 'consultant' } | null {
  if (typeof token !== 'string') return null;
  const [role, id] = token.split(':');
  if ((role === 'user' || role === 'consultant') && id) return { id, role };
  return null;
}

/** Memory after full GCs, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** CPU time used by the process so far, in microseconds. */
export interface CpuSample {
  user: number;
  system: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

async function memoryAfterGc(): Promise<MemorySample> {
  if (!gc) throw new Error('start the server with --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

let session: Session | null = null;

async function startProfile(): Promise<void> {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}

/** Stops the profiler (saving it to BENCH_WS_PROFILE_OUT when set); the top self-time functions as `percent-of-busy-time name (file:line)` lines. */
async function stopProfile(top: number): Promise<string[]> {
  if (!session) return [];
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[] } };
  session.disconnect();
  session = null;
  const out = process.env.BENCH_WS_PROFILE_OUT;
  if (out) writeFileSync(`${out}.${process.argv[1]?.replace(/^.*\//, '')}.cpuprofile`, JSON.stringify(profile));
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue; // shares of busy time
    total += hits;
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '');
    const where = file ? ` (${file.replace(`${process.cwd()}/`, '')}:${lineNumber + 1})` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => `${((100 * hits) / Math.max(total, 1)).toFixed(1).padStart(5)}%  ${name}`);
}

/**
 * Starts `setup` on a fresh HTTP server and chat, listens on an ephemeral
 * loopback port, answers the measuring commands (plus `extra`), and announces
 * `{ port }` to the orchestrator.
 */
export async function runBenchServer(
  setup: (http: Server, chat: Chat) => { connections(): number },
  extra: Record<string, (request: IpcRequest) => unknown> = {},
): Promise<void> {
  const http = createServer();
  const chat = createChat({ store: createMemoryChatStore() });
  const server = setup(http, chat);
  await new Promise<void>((resolve) => http.listen({ port: 0, host: '127.0.0.1', backlog: 4_096 }, resolve));
  serveIpc({
    cpu: (): CpuSample => process.cpuUsage(),
    mem: async () => ({ ...(await memoryAfterGc()), connections: server.connections() }),
    'profile-start': () => startProfile(),
    'profile-stop': (request) => stopProfile(Number(request.top ?? 10)),
    ...extra,
  });
  announce({ port: (http.address() as AddressInfo).port, pid: process.pid });
}
