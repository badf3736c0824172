export { type BackoffOptions, backoffDelay } from './backoff.js';
export { ConsultationClient, createConsultationClient } from './client.js';
export { ClientError } from './client-error.js';
export type {
  ClientEvents,
  ClientOptions,
  CommonClientOptions,
  ConnectionState,
  SocketIoClientOptions,
  WebSocketClientOptions,
  WebSocketLike,
} from './options.js';
export type { SocketIoClientLike, SocketIoListener } from './socket-io-socket.js';
