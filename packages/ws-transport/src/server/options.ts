import type { IncomingMessage, Server } from 'node:http';
import type { Chat } from '@jyotishconnect/chat-core';
import type { Clock, MetricsSink } from '@jyotishconnect/core';
import { z } from 'zod';
import type { Bus } from '../bus/bus.js';
import type { ConsultationBilling } from './billing-port.js';
import type { AuthenticatedUser } from './connection.js';
import type { AllowedOrigins } from './origin.js';

/** One STUN or TURN server handed to browsers for WebRTC calls. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Numeric limits with their defaults; validated at start. */
export const limitsSchema = z.object({
  /** Largest accepted frame in bytes (default 64 KiB); larger frames close the socket with 1009. */
  maxFrameBytes: z
    .number()
    .int()
    .min(1_024)
    .default(64 * 1024),
  /** Sustained requests per second per connection (default 20). */
  ratePerSecond: z.number().positive().default(20),
  /** Request burst per connection (default 40). */
  rateBurst: z.number().int().positive().default(40),
  /** Rate-limited frames tolerated before closing (default 50). */
  rateStrikes: z.number().int().positive().default(50),
  /** Send-buffer bound in bytes before a slow client is closed (default 1 MiB). */
  maxBufferedBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Heartbeat period in ms; a socket silent for two periods is terminated (default 30 s). */
  heartbeatMs: z.number().int().positive().default(30_000),
  /** Simultaneous connections per user in one process (default 5). */
  maxConnectionsPerUser: z.number().int().positive().default(5),
  /**
   * Tell billing when a participant's last connection closes and when they
   * come back (default true): their sessions pause after the engine's
   * `absenceGraceMs` and resume when both sides are back.
   */
  pauseOnDisconnect: z.boolean().default(true),
});

/** The validated limits. */
export type ServerLimits = z.infer<typeof limitsSchema>;

/** Options of {@link createConsultationServer}: where the WebSocket endpoint listens and how an upgrade authenticates. */
export interface ConsultationServerOptions extends ConsultationOptions {
  /** The HTTP server whose upgrades to accept. */
  server: Server;
  /** URL path of the WebSocket endpoint (default `/ws`). */
  path?: string;
  /** Authenticates an upgrade request; returning null or throwing answers HTTP 401 before any WebSocket opens. */
  authenticate(request: IncomingMessage): Promise<AuthenticatedUser | null> | AuthenticatedUser | null;
}

/** What every transport's options share: the services, access checks, fan-out and limits. */
export interface ConsultationOptions {
  /**
   * Checked before every frame: false (say, the account was frozen since it
   * connected) answers `FORBIDDEN` and closes the connection as revoked.
   */
  allowed?(user: AuthenticatedUser): Promise<boolean> | boolean;
  /**
   * Allowed `Origin` headers: a list, or an `OriginCheck` (to admit the page's own site by its
   * `Host`); a browser's connection from any other is refused (HTTP 403). Omitted means any origin
   * (set it in production). A request without `Origin` (not from a browser page) is always allowed.
   */
  allowedOrigins?: AllowedOrigins;
  /** The chat service. */
  chat: Chat;
  /** The consultation service; without it consultation and call frames answer `NOT_SUPPORTED`. */
  billing?: ConsultationBilling;
  /** Fan-out between processes; defaults to an in-process bus. */
  bus?: Bus;
  /** STUN/TURN servers sent to clients in the welcome event. */
  iceServers?: readonly IceServer[];
  /** Limits; see {@link limitsSchema}. */
  limits?: Partial<z.input<typeof limitsSchema>>;
  /** Source of time for rate limits and the disconnect grace; defaults to the system clock. */
  clock?: Clock;
  /** Receives sockets open, frames in and out and the bus lag; nothing is measured without it. */
  metrics?: MetricsSink;
  /** Receives unexpected errors (a store outage, a bug); the connection gets `INTERNAL`. */
  onError?: (error: unknown) => void;
}
