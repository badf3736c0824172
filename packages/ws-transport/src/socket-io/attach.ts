import type { Namespace, Server, Socket } from 'socket.io';
import { CloseCodes, SOCKET_IO_FRAME_EVENT } from '../frames.js';
import type { AuthenticatedUser } from '../server/connection.js';
import { ConsultationHub } from '../server/consultation-hub.js';
import type { ConsultationOptions } from '../server/options.js';
import { originAllowed } from '../server/origin.js';
import { SocketIoFrameSocket } from './socket-io-frame-socket.js';

/** A Socket.io handshake as the server received it: `headers`, the client's `auth` payload, `query`, `address`. */
export type SocketIoHandshake = Socket['handshake'];

/** Options of {@link attachConsultations}: those of the WebSocket server, with a handshake to authenticate instead of an upgrade. */
export interface SocketIoConsultationOptions extends ConsultationOptions {
  /**
   * Authenticates a Socket.io handshake (say, a token in `handshake.auth`);
   * returning null or throwing refuses it with a `connect_error` whose
   * `data.status` is 401, before the socket connects.
   */
  authenticate(handshake: SocketIoHandshake): Promise<AuthenticatedUser | null> | AuthenticatedUser | null;
}

/** The status a refused handshake carries in its `connect_error`'s `data`, as the WebSocket server answers an upgrade. */
const refusalStatus = { unauthorized: 401, forbidden: 403, 'too many connections': 429, closing: 503 } as const;

/**
 * The consultation routes on a Socket.io namespace: every socket of the
 * namespace authenticates in its handshake, then speaks the same frames as
 * over the WebSocket server, through the same {@link ConsultationHub}.
 */
export class SocketIoConsultations extends ConsultationHub {
  readonly #users = new WeakMap<Socket, AuthenticatedUser>();
  readonly #options: SocketIoConsultationOptions;

  constructor(namespace: Namespace, options: SocketIoConsultationOptions) {
    super(options);
    this.#options = options;
    namespace.use((socket, next) => {
      this.#admit(socket).then(
        (refusal) => next(refusal ? refused(refusal) : undefined),
        () => next(refused('unauthorized')),
      );
    });
    namespace.on('connection', (socket) => this.#connect(socket));
  }

  /** The handshake's checks, in the WebSocket server's order: shutdown, origin, authentication, connection cap. */
  async #admit(socket: Socket): Promise<keyof typeof refusalStatus | null> {
    if (this.refusal(null)) return 'closing';
    const { headers } = socket.handshake;
    if (!originAllowed(this.#options.allowedOrigins, headers.origin, headers.host)) return 'forbidden';
    let user: AuthenticatedUser | null = null;
    try {
      user = await this.#options.authenticate(socket.handshake);
    } catch {
      user = null;
    }
    if (!user) return 'unauthorized';
    const refusal = this.refusal(user.id);
    if (refusal) return refusal;
    this.#users.set(socket, user);
    return null;
  }

  #connect(socket: Socket): void {
    const user = this.#users.get(socket);
    const frameSocket = new SocketIoFrameSocket(socket);
    // Checked again with no await before `accept`: Socket.io connects a socket a tick after
    // its handshake passed, so two racing handshakes of one user could both have passed the cap.
    if (!user || this.refusal(user.id)) {
      frameSocket.close(CloseCodes.goingAway, 'try again');
      return;
    }
    const connection = this.accept(frameSocket, user);
    const { maxFrameBytes } = this.limits;
    socket.on(SOCKET_IO_FRAME_EVENT, (data: unknown) => {
      if (Buffer.isBuffer(data) || data instanceof ArrayBuffer) return connection.receive(data, true);
      // The frame's text, or an object Socket.io decoded: encoded again, so one path validates both.
      const text = typeof data === 'string' ? data : (JSON.stringify(data) ?? '');
      if (Buffer.byteLength(text) > maxFrameBytes) frameSocket.close(CloseCodes.tooLarge, 'frame too large');
      else connection.receive(text, false);
    });
    socket.on('disconnect', () => connection.closed());
  }
}

function refused(reason: keyof typeof refusalStatus): Error & { data: { status: number } } {
  return Object.assign(new Error(reason), { data: { status: refusalStatus[reason] } });
}

/**
 * Serves consultations on an existing Socket.io server (its main namespace)
 * or on one namespace of it, such as `io.of('/consultations')`: the same
 * routes, auth hook, limits and frames as the WebSocket server of `createConsultationServer`.
 */
export function attachConsultations(
  target: Server | Namespace,
  options: SocketIoConsultationOptions,
): SocketIoConsultations {
  const namespace = 'of' in target ? target.of('/') : target;
  return new SocketIoConsultations(namespace, options);
}
