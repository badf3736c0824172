import { type Clock, isJyotishError } from '@jyotishconnect/core';
import type { RawData } from 'ws';
import { CloseCodes, PROTOCOL_VERSION, type ServerFrame } from '../frames.js';
import { type ClientFrame, clientFrameSchema } from '../protocol.js';
import type { Connection } from './connection.js';
import type { EventEncoder } from './event-encoder.js';
import { parseHotFrame } from './hot-frames.js';
import type { ConsultationServerOptions } from './options.js';
import type { RouteHandler, RouteTable } from './routes.js';
import { TransportError } from './transport-error.js';
import type { TransportMetrics } from './transport-metrics.js';

/**
 * Takes each frame a client sends through validation, the rate limit and the
 * host's per-frame access check to its route, and answers with an ack or an
 * error frame carrying the request's id.
 */
export class FrameRouter {
  constructor(
    private readonly routes: RouteTable,
    /** The host's options, kept whole: `allowed` is called on them, as a method, for every frame. */
    private readonly options: Pick<ConsultationServerOptions, 'allowed' | 'onError'>,
    private readonly clock: Clock,
    private readonly encoder: EventEncoder,
    private readonly metrics?: TransportMetrics,
  ) {}

  /** Handles one received frame (`ws` data, or a Socket.io event's text); every failure becomes an error frame, never a thrown error. */
  async receive(connection: Connection, data: RawData | string, isBinary: boolean): Promise<void> {
    let requestId: string | null = null;
    let type = 'rejected';
    try {
      if (isBinary) throw frameError('binary frames are not accepted');
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        throw frameError('not JSON');
      }
      requestId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
      if ((raw as { v?: unknown })?.v !== PROTOCOL_VERSION) {
        throw new TransportError('UNSUPPORTED_VERSION', `protocol version ${PROTOCOL_VERSION} required`);
      }
      if (!connection.admit(this.clock.now())) throw new TransportError('RATE_LIMITED', 'too many requests');
      if (this.options.allowed && !(await this.options.allowed(connection.user))) {
        // The answer goes out before the close frame, so the client learns why.
        connection.send(this.#errorFrame(requestId, new TransportError('FORBIDDEN', 'this account may no longer act')));
        this.metrics?.sent('error');
        connection.close(CloseCodes.revoked, 'access revoked');
        return;
      }
      const frame = parseFrame(raw);
      type = frame.type;
      const handler = this.routes[frame.type] as RouteHandler<ClientFrame['type']> | undefined;
      if (!handler) throw new TransportError('NOT_SUPPORTED', `${frame.type} is not enabled on this server`);
      const result = await handler(connection, frame);
      connection.sendText(this.encoder.ackText(frame.id, result));
      this.metrics?.sent('ack');
    } catch (error) {
      connection.send(this.#errorFrame(requestId, error));
      this.metrics?.sent('error');
    } finally {
      this.metrics?.received(type);
    }
  }

  /** A stable error goes to the client as it is; anything else goes to the host, and the client sees `INTERNAL`. */
  #errorFrame(id: string | null, error: unknown): ServerFrame {
    if (isJyotishError(error)) {
      return { v: PROTOCOL_VERSION, type: 'error', id, code: error.code, message: error.message };
    }
    this.options.onError?.(error);
    return { v: PROTOCOL_VERSION, type: 'error', id, code: 'INTERNAL', message: 'internal error' };
  }
}

function parseFrame(raw: unknown): ClientFrame {
  const hot = parseHotFrame(raw);
  if (hot) return hot;
  const parsed = clientFrameSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'frame';
  throw frameError(`${field}: ${issue?.message ?? 'invalid'}`);
}

function frameError(message: string): TransportError {
  return new TransportError('INVALID_FRAME', message);
}
