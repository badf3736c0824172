/**
 * How a connection's bytes move, apart from what the connection does with
 * them: a `ws` WebSocket and a Socket.io socket both fit, so auth, frame
 * validation, routes, rate limits, resume, presence and batching exist once.
 */
export interface FrameSocket {
  /** Whether frames may still be written. */
  readonly isOpen: boolean;
  /** Bytes handed to the socket but not yet sent; over the limit, the client is too slow. */
  readonly bufferedBytes: number;
  /** Writes one event-loop turn's frame texts, in order. */
  write(texts: readonly string[]): void;
  /** Closes with a close code and reason the client sees; frames written before go out first. */
  close(code: number, reason: string): void;
  /** One heartbeat period passed: checks the peer is still there, ending the socket if it went silent. */
  beat(): void;
}
