import { createApp } from './app.js';
import { startupBanners } from './banners.js';
import { ConfigError, loadConfig } from './config.js';

/**
 * Starts the host from the environment; SIGTERM/SIGINT stop it gracefully.
 * `--demo` (the root `pnpm start`) makes `DEMO=true` the default; an explicit `DEMO` still wins.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    const demoByDefault = process.argv.includes('--demo') && !process.env.DEMO;
    config = loadConfig(demoByDefault ? { ...process.env, DEMO: 'true' } : process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  for (const banner of startupBanners(config)) console.warn(banner);
  const host = await createApp(config);
  const { logger } = host.services;
  await new Promise<void>((resolve) => host.http.listen(config.port, config.host, resolve));
  const address = host.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (host.metricsServer && config.metrics?.port != null) {
    const { port: metricsPort, host: metricsHost } = config.metrics;
    await new Promise<void>((resolve) => host.metricsServer?.listen(metricsPort, metricsHost, resolve));
    logger.info({ address: host.metricsServer.address() }, 'metrics listening (GET /metrics)');
  }
  logger.info(
    {
      port,
      store: host.services.stores.location,
      redis: Boolean(config.redisUrl),
      demo: config.demo,
      engineId: config.engineId,
    },
    `JyotishConnect host listening on http://localhost:${port} (API reference: /docs)`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new sessions, finishing ticks in flight');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    host
      .close('server restarting')
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
