import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsultationClient } from '../src/client/client.js';
import { SOCKET_IO_FRAME_EVENT } from '../src/frames.js';
import {
  attachConsultations,
  type SocketIoConsultationOptions,
  type SocketIoConsultations,
  type SocketIoHandshake,
} from '../src/socket-io/index.js';
import { connectClient, socketIoSocket } from './harness.js';

/** A Socket.io server with the consultation routes on its main namespace and an app namespace of its own beside them. */
async function startSocketIo(options: Partial<SocketIoConsultationOptions> = {}) {
  const http: HttpServer = createServer();
  const socketIo = new Server(http);
  const handshakes: SocketIoHandshake[] = [];
  const consultations: SocketIoConsultations = attachConsultations(socketIo, {
    chat: createChat({ store: createMemoryChatStore() }),
    authenticate: (handshake) => {
      handshakes.push(handshake);
      return handshake.auth.token === 'secret-asha' ? { id: 'asha', role: 'user' } : null;
    },
    ...options,
  });
  socketIo.of('/app').on('connection', (socket) => socket.emit('hello', 'from the app'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    consultations,
    handshakes,
    async close() {
      await consultations.close();
      await new Promise<void>((resolve) => socketIo.close(() => resolve()));
    },
  };
}

type Started = Awaited<ReturnType<typeof startSocketIo>>;

/** A socket that connects once and reports how: connected, or refused with a status. */
function attempt(url: string, options: { token?: string; origin?: string } = {}) {
  const socket: Socket = io(url, {
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
    auth: options.token ? { token: options.token } : {},
    ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
  });
  const outcome = new Promise<'connected' | number>((resolve) => {
    socket.on('connect', () => resolve('connected'));
    socket.on('connect_error', (error) => resolve((error as { data?: { status?: number } }).data?.status ?? 0));
  });
  return { socket, outcome };
}

describe('Socket.io handshake', () => {
  let started: Started;
  const sockets: Socket[] = [];
  const open = (...args: Parameters<typeof attempt>) => {
    const made = attempt(...args);
    sockets.push(made.socket);
    return made.outcome;
  };
  beforeEach(async () => {
    started = await startSocketIo({ allowedOrigins: ['https://app.example.com'] });
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await started.close();
  });

  it('the auth hook sees the handshake: its auth payload and headers', async () => {
    expect(await open(started.url, { token: 'secret-asha', origin: 'https://app.example.com' })).toBe('connected');
    const [handshake] = started.handshakes;
    expect(handshake?.auth).toEqual({ token: 'secret-asha' });
    expect(handshake?.headers.origin).toBe('https://app.example.com');
    await expect.poll(() => started.consultations.connections).toBe(1);
  });

  it('a missing or wrong token is refused with 401 before the socket connects', async () => {
    expect(await open(started.url)).toBe(401);
    expect(await open(started.url, { token: 'secret-guessed' })).toBe(401);
    expect(started.consultations.connections).toBe(0);
  });

  it('an origin not allowed is refused with 403, before the auth hook is asked', async () => {
    expect(await open(started.url, { token: 'secret-asha', origin: 'https://evil.example' })).toBe(403);
    expect(started.handshakes).toEqual([]);
  });

  it('the app keeps its own namespaces: they neither authenticate nor see consultation frames', async () => {
    const socket = io(`${started.url}/app`, { forceNew: true, reconnection: false, transports: ['websocket'] });
    sockets.push(socket);
    const frames: unknown[] = [];
    socket.on(SOCKET_IO_FRAME_EVENT, (frame) => frames.push(frame));
    expect(await new Promise((resolve) => socket.on('hello', resolve))).toBe('from the app');
    expect(started.handshakes).toEqual([]);
    expect(frames).toEqual([]);
  });

  it('a frame sent as an object is validated as its JSON text would be', async () => {
    const { socket, outcome } = attempt(started.url, { token: 'secret-asha' });
    sockets.push(socket);
    const frames: Array<{ type: string; id?: string; code?: string }> = [];
    socket.on(SOCKET_IO_FRAME_EVENT, (text: string) => frames.push(JSON.parse(text)));
    expect(await outcome).toBe('connected');
    socket.emit(SOCKET_IO_FRAME_EVENT, { v: 1, id: 'o1', type: 'ping' });
    socket.emit(SOCKET_IO_FRAME_EVENT, { v: 1, id: 'o2', type: 'ping', extra: true });
    await expect.poll(() => frames.filter((frame) => frame.id?.startsWith('o')).length).toBe(2);
    expect(frames.find((frame) => frame.id === 'o1')?.type).toBe('ack');
    expect(frames.find((frame) => frame.id === 'o2')).toMatchObject({ type: 'error', code: 'INVALID_FRAME' });
  });

  it('once closing, a handshake is refused with 503', async () => {
    await started.consultations.close();
    expect(await open(started.url, { token: 'secret-asha' })).toBe(503);
  });
});

describe('Socket.io client', () => {
  it('a refused handshake fails the connect and leaves the client retrying; a right token opens it', async () => {
    const started = await startSocketIo();
    const refused = createConsultationClient({
      socketIo: socketIoSocket(started.url),
      token: 'secret-guessed',
      backoff: { initialMs: 20, maxMs: 100 },
    });
    try {
      await expect(refused.connect()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
      expect(refused.state).toBe('reconnecting');
      refused.close();
      const { client } = await connectClient(started.url, 'secret-asha');
      await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ pong: expect.any(Number) });
      client.close();
    } finally {
      refused.close();
      await started.close();
    }
  });
});
