export { type Bus, type BusHandler, createInProcessBus, InProcessBus } from './bus/bus.js';
export {
  type AckFrame,
  type ClientFrame,
  type ClientFrameOf,
  type ClientFrameType,
  type ClientRequest,
  CloseCodes,
  clientFrameSchema,
  type ErrorFrame,
  type EventFrame,
  PROTOCOL_VERSION,
  type ServerFrame,
  serverFrameSchema,
} from './protocol.js';
export type { ConsultationBilling } from './server/billing-port.js';
export type { AuthenticatedUser, ConnectionLimits, EncodedEvent } from './server/connection.js';
export { linkConsultationsToChat } from './server/consultation-chat.js';
export { type AcceptedSocket, ConsultationHub } from './server/consultation-hub.js';
export type { FrameSocket } from './server/frame-socket.js';
export {
  type ConsultationOptions,
  type ConsultationServerOptions,
  type IceServer,
  limitsSchema,
  type ServerLimits,
} from './server/options.js';
export type { AllowedOrigins, OriginCheck } from './server/origin.js';
export { ConsultationServer, createConsultationServer } from './server/server.js';
export { TransportError, type TransportErrorCode, transportErrorCodes } from './server/transport-error.js';
export { type WaitlistView, waitlistViewOf } from './server/waitlist-routes.js';
