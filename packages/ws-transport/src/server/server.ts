import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { CloseCodes } from '../frames.js';
import type { AuthenticatedUser } from './connection.js';
import { ConsultationHub } from './consultation-hub.js';
import type { ConsultationServerOptions } from './options.js';
import { handleUpgrade, type UpgradeGate } from './upgrade.js';
import { WsFrameSocket } from './ws-frame-socket.js';

/**
 * The consultation WebSocket server: authenticates upgrades of an HTTP
 * server on its path and hands each opened `ws` socket to the
 * {@link ConsultationHub} every transport shares.
 */
export class ConsultationServer extends ConsultationHub {
  readonly #wss: WebSocketServer;
  readonly #detachUpgrades: () => void;

  constructor(options: ConsultationServerOptions) {
    super(options);
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    const gate: UpgradeGate = {
      options,
      wss: this.#wss,
      refusal: (userId) => this.refusal(userId),
      accept: (ws, tcp, user) => this.#accept(ws, tcp, user),
    };
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      void handleUpgrade(request, socket, head, gate);
    options.server.on('upgrade', onUpgrade);
    this.#detachUpgrades = () => void options.server.off('upgrade', onUpgrade);
  }

  protected override async closeTransport(reason: string): Promise<void> {
    this.#detachUpgrades();
    for (const socket of this.#wss.clients) socket.close(CloseCodes.goingAway, reason); // no-op once closing
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(socket: WebSocket, tcp: Duplex, user: AuthenticatedUser): void {
    const connection = this.accept(new WsFrameSocket(socket, tcp), user);
    socket.on('message', (data, isBinary) => connection.receive(data, isBinary));
    socket.on('close', () => connection.closed());
    socket.on('error', () => undefined); // 'close' follows
  }
}

/** Creates a {@link ConsultationServer} attached to an existing HTTP server. */
export function createConsultationServer(options: ConsultationServerOptions): ConsultationServer {
  return new ConsultationServer(options);
}
