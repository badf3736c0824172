import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io } from 'socket.io-client';
import { afterEach, expect, it } from 'vitest';
import { SocketIoFrameSocket } from '../src/socket-io/socket-io-frame-socket.js';
import { eventually } from './harness.js';

/** A Socket.io server and one client connected to it; the server side of the connection. */
async function connectedPair() {
  const http = createServer();
  const server = new Server(http);
  const connected = new Promise<ServerSocket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
  });
  const socket = await connected;
  return {
    socket,
    close: async () => {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

it('unsent Hindi frames count their UTF-8 bytes, as the WebSocket server bounds a slow client, not their UTF-16 length', async () => {
  const pair = await connectedPair();
  close = pair.close;
  const frames = new SocketIoFrameSocket(pair.socket);
  // Devanagari letters are one UTF-16 code unit each and three bytes each in UTF-8.
  const waiting = [JSON.stringify({ event: 'chat.message', data: 'नमस्ते, आपका भविष्य उज्ज्वल है' }), '{"data":"शुभ"}'];
  const bytes = waiting.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const codeUnits = waiting.reduce((sum, text) => sum + text.length, 0);
  expect(bytes).toBeGreaterThan(codeUnits);

  // Engine.IO hands the first frame of an idle connection to the transport at once (and says `drain`);
  // the frames after it wait until the transport has written it, a later turn: read before then.
  frames.write(['{"data":"first"}', ...waiting]);
  // What the connection compares with `maxBufferedBytes` before each send: a bound between the two counts
  // closes this client, as the WebSocket server (whose `bufferedAmount` is in bytes) would.
  expect(frames.bufferedBytes).toBe(bytes);

  // Once the transport took the bytes, nothing is unsent.
  await eventually(() => frames.bufferedBytes === 0, 30_000);
});
