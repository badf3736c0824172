export { type BackoffOptions, backoffDelay } from './backoff.js';
export { ConsultationClient, createConsultationClient } from './client.js';
export { ClientError } from './client-error.js';
export type {
  ClientEvents,
  ClientOptions,
  CommonClientOptions,
  ConnectionState,
  SocketIoClientLike,
  SocketIoClientOptions,
  SocketIoListener,
  WebSocketClientOptions,
  WebSocketLike,
} from './options.js';
