import { describe, inject, it } from 'vitest';
import type {} from './vitest-setup.js';

/** A suite body given the server's connection string. */
export type SuiteWithServer = (url: string) => void;

/** A `describe` that runs `suite` with the server the global setup provided, or skips with one line naming what is missing. */
function describeWith(key: 'postgresUrl' | 'mongoUri' | 'redisUrl', missing: string) {
  return (title: string, suite: SuiteWithServer): void => {
    const url = inject(key);
    if (url) {
      describe(title, () => suite(url));
      return;
    }
    // Never mocked: without the server the suite does not run at all, and says so once.
    describe.skip(`${title}: skipped, ${missing}`, () => {
      it('needs the server', () => {});
    });
  };
}

/** Runs `suite` against the PostgreSQL server of the run (`DATABASE_URL` or a throwaway cluster), or skips. */
export const describeWithPostgres = describeWith(
  'postgresUrl',
  'no PostgreSQL server (set DATABASE_URL or install PostgreSQL)',
);

/** Runs `suite` against a MongoDB replica set (`MONGODB_URI` or mongodb-memory-server), or skips. */
export const describeWithMongo = describeWith('mongoUri', 'no MongoDB replica set (set MONGODB_URI)');

/** Runs `suite` against the Redis server of the run (`REDIS_URL` or a throwaway redis-server), or skips. */
export const describeWithRedis = describeWith('redisUrl', 'no Redis server (set REDIS_URL or install redis-server)');
