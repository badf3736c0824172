import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startTestMongo } from './mongodb-server.js';
import { startTestPostgres } from './postgres-server.js';
import { startTestRedis } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the PostgreSQL server for this run, or null when none is available. */
    postgresUrl: string | null;
    /** Connection string of the MongoDB replica set for this run, or null when none is available. */
    mongoUri: string | null;
    /** URL of the Redis server for this run, or null when none is available. */
    redisUrl: string | null;
  }
}

/**
 * Vitest global setup that makes the test servers available: `DATABASE_URL`
 * when given, otherwise a throwaway PostgreSQL cluster; `REDIS_URL` when
 * given, otherwise a throwaway redis-server; `MONGODB_URI` when given,
 * otherwise mongodb-memory-server. Missing servers print one
 * `skipped:` line each and their suites skip; in-process suites still run.
 * Point `test.globalSetup` at `@jyotishconnect/core/testing/vitest-setup`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];

  /** The server named by `envName`, else one started here (stopped after the run), else a skip line. */
  const serverUrl = async (
    envName: string,
    start: () => Promise<{ url: string; stop: () => Promise<void> } | null>,
    skipped: string,
  ): Promise<string | null> => {
    const given = process.env[envName];
    if (given) return given;
    const server = await start();
    if (!server) {
      console.log(skipped);
      return null;
    }
    stops.push(server.stop);
    return server.url;
  };
  const postgresUrl = await serverUrl(
    'DATABASE_URL',
    startTestPostgres,
    'skipped: no PostgreSQL server (set DATABASE_URL or install PostgreSQL binaries)',
  );
  const redisUrl = await serverUrl(
    'REDIS_URL',
    startTestRedis,
    'skipped: no Redis server (set REDIS_URL or install redis-server)',
  );

  const found = await startTestMongo(Number(process.env.MONGODB_START_TIMEOUT_MS ?? 30_000));
  if (found.mongo) stops.push(found.mongo.stop);
  else console.log(`skipped: no MongoDB (${found.reason}); set MONGODB_URI to run the MongoDB suites`);

  project.provide('postgresUrl', postgresUrl);
  project.provide('mongoUri', found.mongo?.uri ?? null);
  project.provide('redisUrl', redisUrl);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
