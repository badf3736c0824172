import { createServer, type Server } from 'node:http';
import { type Clock, systemClock } from '@jyotishconnect/core';
import { type Bus, type ConsultationServer, createConsultationServer } from '@jyotishconnect/ws-transport';
import type { Express } from 'express';
import { type Logger, pino } from 'pino';
import type { HostConfig } from './config.js';
import type { UserRecord } from './host-store/index.js';
import { createExpressApp } from './http/express-app.js';
import { createMetricsServer } from './metrics/endpoint.js';
import { seedDemo } from './seed.js';
import { createServices, type Services } from './services.js';
import { socketOrigins } from './socket-origins.js';
import { scheduleStoreMaintenance } from './store-maintenance.js';
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
  /** The separate `/metrics` listener of `METRICS_PORT`, not yet listening; `null` without one. */
  readonly metricsServer: Server | null;
  /** Graceful stop: no new sessions, ticks in flight finish, sockets close with a reason, stores close. */
  close(reason?: string): Promise<void>;
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
    return claims ? await services.host.accounts.byId(claims.id) : null;
  };

  const app = createExpressApp(services, userOf);

  const http = createServer(app);
  const bus = await openBus(config);
  const transport = createConsultationServer({
    server: http,
    path: '/ws',
    allowedOrigins: socketOrigins(config.proxy),
    authenticate: async (request) => {
      const token = new URL(request.url ?? '/', 'http://host').searchParams.get('token');
      const user = await userOf(token);
      return user && !user.frozen ? { id: user.id, role: user.role } : null;
    },
    // A freeze closes the account's connections; this catches a frame that races it.
    allowed: async (user) => (await services.host.accounts.byId(user.id))?.frozen === false,
    chat: services.chat,
    billing: services.billing,
    ...(bus ? { bus } : {}),
    iceServers: config.iceServers,
    clock,
    metrics: services.metrics?.sink,
    onError: (error) => logger.warn({ err: error }, 'transport error'),
  });
  const metricsServer = createMetricsServer(services.metrics, config.metrics);
  services.transport.attach(transport);
  // Sessions this engine drove before a restart resume at once (same ENGINE_ID); others are taken over by lease.
  const restored = await services.billing.restore();
  if (restored > 0) logger.info({ restored }, 'resumed sessions');
  const stopMaintenance = scheduleStoreMaintenance(stores, config.pgliteMaintenanceMinutes, clock, logger);

  let closing: Promise<void> | null = null;
  const close = (reason = 'server shutting down') => {
    closing ??= (async () => {
      services.state.draining = true;
      http.close();
      metricsServer?.close();
      metricsServer?.closeAllConnections();
      await services.billing.close(); // waits for ticks in flight; leases lapse for takeover or restore()
      services.notifications.close(); // emails not yet sent are dropped: a dead SMTP server must not hold up a stop
      await transport.close(reason);
      await bus?.close();
      http.closeAllConnections();
      await stopMaintenance();
      await stores.close();
    })();
    return closing;
  };
  return { app, http, services, transport, metricsServer, close };
}
