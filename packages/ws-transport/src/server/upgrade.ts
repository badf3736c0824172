import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { AuthenticatedUser } from './connection.js';
import type { ConsultationServerOptions } from './options.js';
import { originAllowed } from './origin.js';

/** What the upgrade handshake checks a request against, and where an accepted socket goes. */
export interface UpgradeGate {
  /** The host's endpoint path, origins and authentication. */
  readonly options: Pick<ConsultationServerOptions, 'path' | 'allowedOrigins' | 'authenticate'>;
  /** The WebSocket server that completes an accepted upgrade. */
  readonly wss: WebSocketServer;
  /** Why a user may not connect now (the server is shutting down, or they hold the most connections allowed); `null` if they may. */
  refusal(userId: string | null): 'closing' | 'too many connections' | null;
  /** Takes over an opened WebSocket. */
  accept(socket: WebSocket, tcp: Duplex, user: AuthenticatedUser): void;
}

/**
 * Answers one upgrade request: path, shutdown, origin, authentication and the
 * per-user connection cap are each refused with an HTTP status before any
 * WebSocket opens; a request for another path is left to its own handler.
 */
export async function handleUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  gate: UpgradeGate,
): Promise<void> {
  const { options } = gate;
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== (options.path ?? '/ws')) return; // another upgrade handler's path
  if (gate.refusal(null) === 'closing') return reject(socket, 503, 'Service Unavailable');
  if (!originAllowed(options.allowedOrigins, request.headers.origin, request.headers.host)) {
    return reject(socket, 403, 'Forbidden');
  }
  let user: AuthenticatedUser | null = null;
  try {
    user = await options.authenticate(request);
  } catch {
    user = null;
  }
  if (!user) return reject(socket, 401, 'Unauthorized');
  // No await from this check to `accept` (`ws` completes an upgrade synchronously),
  // so two racing upgrades cannot both pass the cap.
  const refusal = gate.refusal(user.id);
  if (refusal === 'closing') return reject(socket, 503, 'Service Unavailable');
  if (refusal) return reject(socket, 429, 'Too Many Requests');
  const authenticated = user;
  gate.wss.handleUpgrade(request, socket, head, (ws) => gate.accept(ws, socket, authenticated));
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
