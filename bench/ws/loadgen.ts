/**
 * The load generator of `pnpm bench ws`: opens connections in pairs (a user and
 * a consultant sharing one conversation), then drives ~100-byte chat messages
 * closed-loop (throughput) or open-loop at a fixed rate (latency), counting acks
 * and deliveries at the other participant.
 *
 * `BENCH_WS_IMPL=ours` speaks our protocol on raw `ws` sockets with pre-built
 * JSON frames and string scanning instead of a full parse; `BENCH_WS_IMPL=socketio`
 * uses socket.io-client (WebSocket transport, no compression).
 */
import { createRequire } from 'node:module';
import { type Socket as IoSocket, io } from 'socket.io-client';
import { announce, type IpcRequest, serveIpc } from '../lib/ipc.js';

/** Exactly 100 ASCII bytes. */
export const TEXT =
  'Namaste guruji, what does Saturn transiting my seventh house mean for marriage this year? Thank you';

const impl = process.env.BENCH_WS_IMPL === 'socketio' ? 'socketio' : 'ours';
const url = process.env.BENCH_WS_URL ?? '';

/** The slice of `ws` the generator uses (resolved through ws-transport, which depends on it). */
interface RawSocket {
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'error' | 'close' | 'unexpected-response', listener: (...args: unknown[]) => void): void;
  send(data: string): void;
  terminate(): void;
}
const WebSocket = createRequire(import.meta.resolve('@jyotishconnect/ws-transport'))('ws') as new (
  address: string,
  options: { perMessageDeflate: boolean; handshakeTimeout: number },
) => RawSocket;

type Role = 'u' | 'c';

/** One connection of a pair. */
interface Peer {
  readonly role: Role;
  conversationId: string;
  inFlight: number;
  /** Sends chat message `id` (its clientMessageId too) in the peer's conversation. */
  send(id: string): void;
  /** A setup request; resolves with its result. */
  request(type: 'conversation.open' | 'conversation.join', args: Record<string, string>): Promise<unknown>;
  close(): void;
}

// ---- counters, shared by both implementations --------------------------------------------------

let acked = 0;
let delivered = 0;
let failures = 0;
let firstFailure: string | null = null;
let mode: 'idle' | 'throughput' | 'latency' = 'idle';
let perPeerWindow = 1;
let nextId = 0;
let latencyFrom = Number.POSITIVE_INFINITY;
let latencyTo = Number.POSITIVE_INFINITY;
let measuredDelivered = 0;
const latencies: number[] = [];
const peers: Peer[] = [];

/** A message id: the sender's role, a counter and the send time in µs (for latency at the receiver). */
function messageId(role: Role): string {
  return `${role}${++nextId}_${Math.round(performance.now() * 1000)}`;
}

function sendNext(peer: Peer): void {
  peer.inFlight++;
  peer.send(messageId(peer.role));
}

function onAck(peer: Peer, ok: boolean, detail?: string): void {
  peer.inFlight--;
  if (ok) acked++;
  else {
    failures++;
    firstFailure ??= detail ?? 'error';
  }
  if (mode === 'throughput' && peer.inFlight < perPeerWindow) sendNext(peer);
}

function onDelivery(peer: Peer, clientMessageId: string): void {
  if (clientMessageId.charCodeAt(0) === peer.role.charCodeAt(0)) return; // the sender's own echo
  delivered++;
  if (mode !== 'latency') return;
  const sentAt = Number(clientMessageId.slice(clientMessageId.indexOf('_') + 1)) / 1000;
  if (sentAt >= latencyFrom && sentAt < latencyTo) {
    measuredDelivered++;
    latencies.push(performance.now() - sentAt);
  }
}

// ---- our protocol on raw ws ---------------------------------------------------------------------

const ACK_PREFIX = '{"v":1,"type":"ack","id":"';
const CREATED_PREFIX = '{"v":1,"type":"event","event":"message.created"';
const CLIENT_ID_KEY = '"clientMessageId":"';

function connectOurs(token: string, role: Role): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}?token=${token}`, { perMessageDeflate: false, handshakeTimeout: 60_000 });
    const pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();
    let setupId = 0;
    let prefix = '';
    const peer: Peer = {
      role,
      conversationId: '',
      inFlight: 0,
      send(id) {
        if (!prefix)
          prefix = `{"v":1,"type":"chat.send","conversationId":"${peer.conversationId}","text":"${TEXT}","id":"`;
        socket.send(`${prefix}${id}","clientMessageId":"${id}"}`);
      },
      request(type, args) {
        const id = `s${++setupId}`;
        return new Promise((done, fail) => {
          pending.set(id, { resolve: done, reject: fail });
          socket.send(JSON.stringify({ v: 1, id, type, ...args }));
        });
      },
      close: () => socket.terminate(),
    };
    socket.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith(ACK_PREFIX)) {
        const id = text.slice(ACK_PREFIX.length, text.indexOf('"', ACK_PREFIX.length));
        if (id.charCodeAt(0) !== 115 /* s */) return onAck(peer, true);
      } else if (text.startsWith(CREATED_PREFIX)) {
        const at = text.indexOf(CLIENT_ID_KEY, CREATED_PREFIX.length) + CLIENT_ID_KEY.length;
        return onDelivery(peer, text.slice(at, text.indexOf('"', at)));
      }
      const frame = JSON.parse(text) as {
        type: string;
        id?: string | null;
        result?: unknown;
        code?: string;
        message?: string;
      };
      if (frame.type !== 'ack' && frame.type !== 'error') return; // welcome, presence…
      const setup = typeof frame.id === 'string' ? pending.get(frame.id) : undefined;
      if (setup && typeof frame.id === 'string') {
        pending.delete(frame.id);
        if (frame.type === 'ack') setup.resolve(frame.result);
        else setup.reject(new Error(`${frame.code}: ${frame.message}`));
      } else if (frame.type === 'error') {
        if (typeof frame.id === 'string') onAck(peer, false, `${frame.code}: ${frame.message}`);
        else {
          failures++;
          firstFailure ??= `${frame.code}: ${frame.message}`;
        }
      }
    });
    socket.on('open', () => resolve(peer));
    socket.on('error', (error) => reject(error instanceof Error ? error : new Error(String(error))));
    socket.on('close', () => {
      for (const setup of pending.values()) setup.reject(new Error('closed'));
    });
  });
}

// ---- socket.io ----------------------------------------------------------------------------------

interface IoReply {
  ok: boolean;
  result?: unknown;
  code?: string;
  message?: string;
}

function connectSocketIo(token: string, role: Role): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const socket: IoSocket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
      query: { token },
      perMessageDeflate: false as never,
    });
    const peer: Peer = {
      role,
      conversationId: '',
      inFlight: 0,
      send(id) {
        socket.emit(
          'chat.send',
          { v: 1, id, type: 'chat.send', conversationId: peer.conversationId, clientMessageId: id, text: TEXT },
          (reply: IoReply) => onAck(peer, reply.ok, reply.ok ? undefined : `${reply.code}: ${reply.message}`),
        );
      },
      async request(type, args) {
        const reply = (await socket.timeout(60_000).emitWithAck(type, args)) as IoReply;
        if (!reply.ok) throw new Error(`${reply.code}: ${reply.message}`);
        return reply.result;
      },
      close: () => socket.disconnect(),
    };
    socket.on('message.created', (message: { clientMessageId: string }) => onDelivery(peer, message.clientMessageId));
    socket.once('connect', () => resolve(peer));
    socket.once('connect_error', (error) => reject(error));
  });
}

// ---- commands -----------------------------------------------------------------------------------

const connect = impl === 'socketio' ? connectSocketIo : connectOurs;

/** Opens pairs `from`..`to`-1: connects both sides, the user opens the conversation, both join it. */
async function openPairs(from: number, to: number, concurrency: number) {
  const started = performance.now();
  let next = from;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < to) {
      const pair = next++;
      try {
        const [user, consultant] = await Promise.all([
          connect(`user:u${pair}`, 'u'),
          connect(`consultant:c${pair}`, 'c'),
        ]);
        try {
          const conversation = (await user.request('conversation.open', { consultantId: `c${pair}` })) as {
            id: string;
          };
          await Promise.all([
            user.request('conversation.join', { conversationId: conversation.id }),
            consultant.request('conversation.join', { conversationId: conversation.id }),
          ]);
          user.conversationId = conversation.id;
          consultant.conversationId = conversation.id;
          peers.push(user, consultant);
        } catch (error) {
          user.close();
          consultant.close();
          throw error;
        }
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
        if (failed > 50 && failed > (next - from) / 10) break; // this size is out of reach
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { connections: peers.length, failedPairs: failed, firstError, ms: Math.round(performance.now() - started) };
}

function snapshot() {
  const cpu = process.cpuUsage();
  return { t: performance.now(), acked, delivered, failures, firstFailure, cpuMicros: cpu.user + cpu.system };
}

const inFlight = () => peers.reduce((sum, peer) => sum + peer.inFlight, 0);

async function drain(timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (inFlight() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return inFlight();
}

/** Open loop: `rate` messages/s round-robin over every connection for `seconds`; latencies after `warmup` s. */
async function fixedRate(rate: number, seconds: number, warmup: number) {
  mode = 'latency';
  latencies.length = 0;
  measuredDelivered = 0;
  const start = performance.now();
  latencyFrom = start + warmup * 1000;
  latencyTo = latencyFrom + seconds * 1000;
  let sent = 0;
  let measuredSent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (now >= latencyTo) {
        clearInterval(timer);
        return resolve();
      }
      const due = Math.floor(((now - start) * rate) / 1000);
      for (; sent < due; sent++) {
        const peer = peers[sent % peers.length] as Peer;
        if (performance.now() >= latencyFrom) measuredSent++;
        sendNext(peer);
      }
    }, 1);
  });
  const deadline = performance.now() + 3_000;
  while (measuredDelivered < measuredSent && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  mode = 'idle';
  await drain(2_000);
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    offeredPerSec: rate,
    sentInPhase: sent,
    sent: measuredSent,
    delivered: measuredDelivered,
    achievedPerSec: Math.round(measuredDelivered / seconds),
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    maxMs: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}

serveIpc({
  connect: (request: IpcRequest) =>
    openPairs(Number(request.from), Number(request.to), Number(request.concurrency ?? 200)),
  'load-start': (request: IpcRequest) => {
    perPeerWindow = Math.max(1, Number(request.perPeerWindow ?? 1));
    mode = 'throughput';
    for (const peer of peers) while (peer.inFlight < perPeerWindow) sendNext(peer);
    return snapshot();
  },
  snapshot: () => snapshot(),
  'load-stop': async () => {
    mode = 'idle';
    const end = snapshot();
    const stuck = await drain(5_000);
    return { ...end, stuck };
  },
  latency: (request: IpcRequest) => fixedRate(Number(request.rate), Number(request.seconds), Number(request.warmup)),
  close: () => {
    for (const peer of peers) peer.close();
    peers.length = 0;
    return null;
  },
});
announce({ impl, pid: process.pid });
