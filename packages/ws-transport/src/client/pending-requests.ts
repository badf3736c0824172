import { type AckFrame, type ErrorFrame, PROTOCOL_VERSION } from '../frames.js';
import type { ClientRequest } from '../protocol.js';
import { ClientError } from './client-error.js';
import type { ClientOptions } from './options.js';

interface Pending {
  readonly frame: string;
  readonly resend: boolean;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: ClientError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Requests awaiting their answer, by id: each times out while on the wire,
 * and sends, which the server deduplicates by client message id, survive a
 * lost connection to be re-sent on the next one.
 */
export class PendingRequests {
  readonly #pending = new Map<string, Pending>();
  #nextId = 1;

  constructor(
    /** The client's options, read at each send for the request timeout. */
    private readonly options: Pick<ClientOptions, 'requestTimeoutMs'>,
    /** Writes a frame to the current socket, if any. */
    private readonly write: (frame: string) => void,
  ) {}

  /** Registers a request and sends it when `open`; resolves with the ack's result. */
  add<R>(request: ClientRequest, open: boolean): Promise<R> {
    const id = `r${this.#nextId++}`;
    const frame = JSON.stringify({ v: PROTOCOL_VERSION, id, ...request });
    // Sends survive reconnects: the server deduplicates them by client message id.
    const resend = request.type === 'chat.send';
    return new Promise<R>((resolve, reject) => {
      const pending: Pending = { frame, resend, resolve: resolve as (r: unknown) => void, reject, timer: undefined };
      this.#pending.set(id, pending);
      if (open) this.#transmit(id, pending);
      else if (!resend) this.fail(id, new ClientError('DISCONNECTED', 'not connected'));
    });
  }

  /** Settles the request an ack or error frame answers; false when no request waits for it. */
  answer(frame: AckFrame | ErrorFrame): boolean {
    const pending = frame.id === null ? undefined : this.#pending.get(frame.id);
    if (!pending) return false;
    this.#pending.delete(frame.id as string);
    clearTimeout(pending.timer);
    if (frame.type === 'ack') pending.resolve(frame.result);
    else pending.reject(new ClientError(frame.code, frame.message));
    return true;
  }

  /** Re-sends the outbox: every send still unacknowledged. */
  resend(): void {
    for (const [id, pending] of this.#pending) if (pending.resend) this.#transmit(id, pending);
  }

  /** The connection is gone: stops every timer and fails each request except the sends kept for re-sending. */
  dropInFlight(): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      if (!pending.resend) this.fail(id, new ClientError('DISCONNECTED', 'connection lost before an answer'));
    }
  }

  /** Fails every request, sends included, with `reason`. */
  failAll(reason: ClientError): void {
    for (const id of [...this.#pending.keys()]) this.fail(id, reason);
  }

  /** Fails one request, if it still waits. */
  fail(id: string, error: ClientError): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  #transmit(id: string, pending: Pending): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(
      () => this.fail(id, new ClientError('TIMEOUT', 'no answer from the server')),
      this.options.requestTimeoutMs ?? 15_000,
    );
    this.write(pending.frame);
  }
}
