import type { ClientFrameOf, ClientFrameType } from '../protocol.js';
import type { Connection } from './connection.js';

/** Handles one request type; the resolved value becomes the ack's `result`. */
export type RouteHandler<T extends ClientFrameType> = (
  connection: Connection,
  frame: ClientFrameOf<T>,
) => Promise<unknown>;

/** Handlers by request type. */
export type RouteTable = { [T in ClientFrameType]?: RouteHandler<T> };
