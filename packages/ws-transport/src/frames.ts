// Frame constants and server frame types, free of zod so the browser client stays small.

/** Version of the frame format; every frame carries it as `v`. */
export const PROTOCOL_VERSION = 1;

/** WebSocket close codes the server uses, with their meaning. */
export const CloseCodes = {
  /** Normal shutdown of the server or the session. */
  normal: 1000,
  /** The server is going away (graceful shutdown); reconnect elsewhere. */
  goingAway: 1001,
  /** A frame was too large. */
  tooLarge: 1009,
  /** The client sent frames faster than its rate allows, repeatedly. */
  rateLimited: 4008,
  /** The client did not read its frames fast enough (send buffer over its bound). */
  slowConsumer: 4009,
  /** The account may no longer connect (frozen, signed out everywhere): the client does not reconnect. */
  revoked: 4003,
} as const;

/** The positive answer to a request. */
export interface AckFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'ack';
  /** The request's id. */
  id: string;
  result: unknown;
}

/** The negative answer to a request, or a connection-level problem when `id` is null. */
export interface ErrorFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'error';
  id: string | null;
  /** Stable code such as `NOT_A_PARTICIPANT`, `INVALID_FRAME`, `RATE_LIMITED`. */
  code: string;
  message: string;
}

/** A pushed event (not an answer to a request). */
export interface EventFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'event';
  /** Event name, such as `message.created`, `consultation.tick` or `call.offer`. */
  event: string;
  data: unknown;
  /** Set on messages replayed from the store after a reconnect. */
  recovered?: true;
}

/** Everything the server sends. */
export type ServerFrame = AckFrame | ErrorFrame | EventFrame;

/** Over Socket.io: the one event name that carries every frame's JSON text, both ways. */
export const SOCKET_IO_FRAME_EVENT = 'jc';

/** Over Socket.io: the event that stands in for a WebSocket close frame, `{ code, reason }`, just before the server disconnects. */
export const SOCKET_IO_CLOSE_EVENT = 'jc.close';
