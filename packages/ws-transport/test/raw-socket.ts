import { WebSocket } from 'ws';
import { SOCKET_IO_CLOSE_EVENT, SOCKET_IO_FRAME_EVENT } from '../src/frames.js';
import { type Harness, socketIoSocket } from './harness.js';

/** A frame as a raw socket saw it. */
export interface RawFrame {
  type: string;
  event?: string;
  code?: string;
  id?: string | null;
}

/** A socket speaking frames by hand, over the harness's transport, for tests that send what no client would. */
export interface RawSocket {
  /** Every frame received, parsed. */
  frames: RawFrame[];
  /** Resolves with the close code (1006 when none was given). */
  closed: Promise<number>;
  /** Sends a text frame, or binary data. */
  send(data: string | Buffer): void;
  /** Whether the socket is still open. */
  isOpen(): boolean;
  /** Closes from the client side. */
  close(): void;
}

/** Opens a raw socket for `token` and collects what the server sends. */
export async function rawSocket(harness: Harness, token: string): Promise<RawSocket> {
  return harness.transport === 'ws' ? rawWebSocket(harness.url, token) : rawSocketIo(harness.url, token);
}

/**
 * The HTTP status a connection attempt for `token` is refused with: the
 * upgrade's response status, or the `data.status` of Socket.io's `connect_error`.
 */
export async function refusedStatus(harness: Harness, token: string): Promise<number> {
  if (harness.transport === 'ws') {
    return new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${harness.url}?token=${token}`);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('opened')));
      socket.on('error', () => undefined);
    });
  }
  const socket = socketIoSocket(harness.url, { token });
  return new Promise<number>((resolve, reject) => {
    socket.on('connect_error', (error) => resolve((error as { data?: { status?: number } }).data?.status ?? 0));
    socket.on('connect', () => reject(new Error('opened')));
    socket.connect();
  });
}

async function rawWebSocket(url: string, token: string): Promise<RawSocket> {
  const socket = new WebSocket(`${url}?token=${token}`);
  const frames: RawFrame[] = [];
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    frames,
    closed,
    send: (data) => socket.send(data),
    isOpen: () => socket.readyState === WebSocket.OPEN,
    close: () => socket.close(),
  };
}

async function rawSocketIo(url: string, token: string): Promise<RawSocket> {
  const socket = socketIoSocket(url, { token });
  const frames: RawFrame[] = [];
  let announced = 1006;
  socket.on(SOCKET_IO_CLOSE_EVENT, (close: { code: number }) => {
    announced = close.code;
  });
  const closed = new Promise<number>((resolve) => socket.on('disconnect', () => resolve(announced)));
  socket.on(SOCKET_IO_FRAME_EVENT, (text: string) => frames.push(JSON.parse(text)));
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', reject);
    socket.connect();
  });
  return {
    frames,
    closed,
    send: (data) => socket.emit(SOCKET_IO_FRAME_EVENT, data),
    isOpen: () => socket.connected,
    close: () => socket.disconnect(),
  };
}
