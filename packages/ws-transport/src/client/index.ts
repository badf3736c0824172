export { type BackoffOptions, backoffDelay } from './backoff.js';
export {
  ClientError,
  type ClientEvents,
  type ClientOptions,
  type ConnectionState,
  ConsultationClient,
  createConsultationClient,
  type WebSocketLike,
} from './client.js';
