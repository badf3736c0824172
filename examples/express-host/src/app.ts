import { createServer, type Server } from 'node:http';
import { type Clock, systemClock } from '@jyotishconnect/core';
import { type Bus, type ConsultationServer, createConsultationServer } from '@jyotishconnect/ws-transport';
import express, { type Express, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { type Logger, pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { HostConfig } from './config.js';
import type { UserRecord } from './host-store/port.js';
import { adminRoutes } from './http/admin.js';
import { ApiRouter, type RouteDoc } from './http/api.js';
import { authRoutes } from './http/auth-routes.js';
import { consultationRoutes } from './http/consultations.js';
import { conversationRoutes } from './http/conversations.js';
import { directoryRoutes } from './http/directory.js';
import { earningsRoutes } from './http/earnings.js';
import { errorBody, errorHandler, HttpError } from './http/errors.js';
import { redactingSerializers } from './http/log-redaction.js';
import { staticRoutes } from './http/static.js';
import { walletRoutes } from './http/wallet-routes.js';
import { openApiDocument } from './openapi.js';
import { seedDemo } from './seed.js';
import { createServices, type Services } from './services.js';
import { openStores } from './stores.js';

/** Overrides for tests and embedders. */
export interface AppOptions {
  /** Defaults to the system clock; tests pass a `ManualClock`. */
  clock?: Clock;
  logger?: Logger;
}

/** A wired host, not yet listening. */
export interface HostApp {
  readonly app: Express;
  readonly http: Server;
  readonly services: Services;
  readonly transport: ConsultationServer;
  /** Graceful stop: no new sessions, ticks in flight finish, sockets close with a reason, stores close. */
  close(reason?: string): Promise<void>;
}

function rateLimited(limit: number) {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'RATE_LIMITED', message: 'too many requests; slow down' } });
    },
  });
}

function bearerOf(req: Request): string | null {
  const header = req.header('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return null;
}

async function openBus(config: HostConfig): Promise<Bus | undefined> {
  if (!config.redisUrl) return undefined;
  const { createRedisBus } = await import('@jyotishconnect/ws-transport/redis');
  return createRedisBus({ url: config.redisUrl });
}

/** Builds the host: stores (migrated), services, REST, `/ws`, docs and the web demo on one HTTP server. */
export async function createApp(config: HostConfig, options: AppOptions = {}): Promise<HostApp> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const stores = await openStores(config);
  const services = await createServices(config, stores, clock, logger);
  if (config.seed) await seedDemo(services);

  const userOf = async (token: string | null): Promise<UserRecord | null> => {
    const claims = token ? await services.tokens.verify(token) : null;
    return claims ? await services.host.userById(claims.id) : null;
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // No upgrade-insecure-requests: self-hosters often serve plain HTTP on a LAN address.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(
    pinoHttp({
      logger,
      serializers: redactingSerializers,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  // The webhook's signature covers the raw bytes: keep them (JSON parsing skips an already-read body).
  app.use('/api/payments/webhook', express.raw({ type: '*/*', limit: '16kb' }));
  app.use(express.json({ limit: '64kb' }));

  const docs: RouteDoc[] = [];
  const api = new ApiRouter(docs, (req) => userOf(bearerOf(req)), '/api');
  app.use('/api/auth', rateLimited(config.rateLimitAuthPerMinute));
  authRoutes(api, services);
  directoryRoutes(api, services);
  walletRoutes(api, services, rateLimited(config.rateLimitTopUpPerMinute));
  consultationRoutes(api, services);
  conversationRoutes(api, services);
  earningsRoutes(api, services);
  adminRoutes(api, services);
  app.use('/api', api.router);
  app.use('/api', (_req, _res, next) => next(new HttpError('NOT_FOUND', 'no such endpoint')));

  const openapi = openApiDocument(docs, '0.0.0');
  app.get('/openapi.json', (_req, res) => void res.json(openapi));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    try {
      if (services.state.draining) throw new HttpError('SHUTTING_DOWN', 'draining');
      await stores.ping();
      res.json({ status: 'ready', store: stores.kind, drivenSessions: services.billing.drivenSessions });
    } catch (error) {
      const { body } = errorBody(error instanceof HttpError ? error : new HttpError('NOT_READY', 'store unreachable'));
      res.status(503).json(body);
    }
  });
  app.use(staticRoutes(config.webDemoDir, logger));
  app.use(errorHandler(logger));

  const http = createServer(app);
  const bus = await openBus(config);
  const transport = createConsultationServer({
    server: http,
    path: '/ws',
    authenticate: async (request) => {
      const token = new URL(request.url ?? '/', 'http://host').searchParams.get('token');
      const user = await userOf(token);
      return user && !user.frozen ? { id: user.id, role: user.role } : null;
    },
    // A freeze closes the account's connections; this catches a frame that races it.
    allowed: async (user) => (await services.host.userById(user.id))?.frozen === false,
    chat: services.chat,
    billing: services.billing,
    ...(bus ? { bus } : {}),
    iceServers: config.iceServers,
    clock,
    onError: (error) => logger.warn({ err: error }, 'transport error'),
  });
  services.transport.attach(transport);
  // Sessions this engine drove before a restart resume at once (same ENGINE_ID); others are taken over by lease.
  const restored = await services.billing.restore();
  if (restored > 0) logger.info({ restored }, 'resumed sessions');

  let closing: Promise<void> | null = null;
  const close = (reason = 'server shutting down') => {
    closing ??= (async () => {
      services.state.draining = true;
      http.close();
      await services.billing.close(); // waits for ticks in flight; leases lapse for takeover or restore()
      await transport.close(reason);
      await bus?.close();
      http.closeAllConnections();
      await stores.close();
    })();
    return closing;
  };
  return { app, http, services, transport, close };
}
