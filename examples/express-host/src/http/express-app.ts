import express, { type Express, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { HostError } from '../errors.js';
import type { UserRecord } from '../host-store/index.js';
import { metricsRoute } from '../metrics/wiring.js';
import type { Services } from '../services.js';
import { adminRoutes } from './admin.js';
import { adminConsultantRoutes } from './admin-consultants.js';
import { adminPaymentRoutes } from './admin-payments.js';
import { analyticsRoutes } from './analytics-routes.js';
import { ApiRouter, type RouteDoc } from './api.js';
import { asyncApiDocument } from './asyncapi.js';
import { authRoutes } from './auth-routes.js';
import { backupRoutes } from './backup-routes.js';
import { callRoutes } from './call-routes.js';
import { consultationRoutes } from './consultations.js';
import { contentSecurityDirectives } from './content-security.js';
import { conversationRoutes } from './conversations.js';
import { crossOriginApi } from './cross-origin.js';
import { directoryRoutes } from './directory.js';
import { earningsRoutes } from './earnings.js';
import { errorBody, errorHandler } from './errors.js';
import { invoiceRoutes } from './invoice-routes.js';
import { redactingSerializers } from './log-redaction.js';
import { notificationRoutes } from './notification-routes.js';
import { onboardingRoutes } from './onboarding.js';
import { openApiDocument } from './openapi.js';
import { paymentRoutes } from './payment-routes.js';
import { payoutWebhookRoutes } from './payout-webhook.js';
import { promotionRoutes } from './promotion-routes.js';
import { serviceSwitchRoutes } from './service-switch.js';
import { statementRoutes } from './statement-routes.js';
import { staticRoutes } from './static.js';
import { waitlistRoutes } from './waitlist-routes.js';
import { walletRoutes } from './wallet-routes.js';

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

/**
 * The HTTP layer's one entry: the Express app with security headers, request
 * logs, the REST API (`/api`, documented at `/openapi.json`), health and
 * readiness, the web demo, and the error handler that maps codes to statuses.
 * `userOf` resolves a bearer token to its account.
 */
export function createExpressApp(
  services: Services,
  userOf: (token: string | null) => Promise<UserRecord | null>,
): Express {
  const app = express();
  app.disable('x-powered-by');
  // TRUST_PROXY: which hops' X-Forwarded-For names the client, for req.ip (rate limits, logs); none unless set.
  app.set('trust proxy', services.config.proxy.trustProxy);
  // The web demo opens the configured provider's checkout: its documented origins, and no other's, are allowed.
  const directives = contentSecurityDirectives(services.config.payments.provider);
  app.use(helmet({ contentSecurityPolicy: { directives } }));
  app.use(
    pinoHttp({
      logger: services.logger,
      serializers: redactingSerializers,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    }),
  );
  // The webhook's signature covers the raw bytes: keep them (JSON parsing skips an already-read body).
  // A provider's event carries the whole object it is about (a PaymentIntent, a payment): a few KB, some tens at most.
  app.use('/api/payments/webhook', express.raw({ type: '*/*', limit: '128kb' }));
  app.use('/api/payouts/webhook', express.raw({ type: '*/*', limit: '128kb' }));
  app.use(express.json({ limit: '64kb' }));
  const cors = crossOriginApi(services.config.proxy.corsOrigins);
  if (cors) app.use(['/api', '/openapi.json'], cors);

  const docs: RouteDoc[] = [];
  const api = new ApiRouter(docs, (req) => userOf(bearerOf(req)), '/api');
  app.use('/api/auth', rateLimited(services.config.rateLimitAuthPerMinute));
  authRoutes(api, services);
  directoryRoutes(api, services);
  walletRoutes(api, services);
  statementRoutes(api, services);
  paymentRoutes(api, services, rateLimited(services.config.rateLimitTopUpPerMinute));
  consultationRoutes(api, services);
  callRoutes(api, services);
  serviceSwitchRoutes(api, services);
  waitlistRoutes(api, services);
  promotionRoutes(api, services);
  invoiceRoutes(api, services);
  conversationRoutes(api, services);
  earningsRoutes(api, services);
  payoutWebhookRoutes(api, services);
  adminRoutes(api, services);
  analyticsRoutes(api, services);
  adminPaymentRoutes(api, services);
  onboardingRoutes(api, services);
  adminConsultantRoutes(api, services);
  notificationRoutes(api, services);
  backupRoutes(api, services);
  app.use('/api', api.router);
  app.use('/api', (_req, _res, next) => next(new HostError('NOT_FOUND', 'no such endpoint')));

  const openapi = openApiDocument(docs, '0.0.0');
  app.get('/openapi.json', (_req, res) => void res.json(openapi));
  const asyncapi = asyncApiDocument('0.0.0');
  app.get('/asyncapi.json', (_req, res) => void res.json(asyncapi));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    try {
      if (services.state.draining) throw new HostError('SHUTTING_DOWN', 'draining');
      await services.stores.ping();
      res.json({ status: 'ready', store: services.stores.kind, drivenSessions: services.billing.drivenSessions });
    } catch (error) {
      const { body } = errorBody(error instanceof HostError ? error : new HostError('NOT_READY', 'store unreachable'));
      res.status(503).json(body);
    }
  });
  metricsRoute(app, services.metrics, services.config);
  app.use(staticRoutes(services.config.webDemoDir, services.logger));
  app.use(errorHandler(services.logger));
  return app;
}
