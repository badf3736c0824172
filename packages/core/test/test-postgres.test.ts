import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startTestPostgres } from '../src/testing/postgres-server.js';

// The cluster comes from the local binaries (Debian's packages, or PG_BIN).
const binaries = existsSync('/usr/lib/postgresql') || Boolean(process.env.PG_BIN);

describe('startTestPostgres', () => {
  it.runIf(binaries)('starts the cluster with the settings given', async () => {
    const cluster = await startTestPostgres({ settings: { work_mem: '7MB', 'pg_stat_statements.track': 'all' } });
    if (!cluster) throw new Error('no PostgreSQL binaries found');
    const client = new pg.Client({ connectionString: cluster.url });
    try {
      await client.connect();
      expect((await client.query('SHOW work_mem')).rows[0]).toEqual({ work_mem: '7MB' });
      // A setting of a module not loaded is kept as a placeholder, as postgresql.conf would keep it.
      expect((await client.query(`SELECT current_setting('pg_stat_statements.track') AS v`)).rows[0]).toEqual({
        v: 'all',
      });
    } finally {
      await client.end();
      await cluster.stop();
    }
  });

  it('refuses a setting that is not a plain name and value before starting anything', async () => {
    await expect(startTestPostgres({ settings: { work_mem: '7MB -c fsync=off' } })).rejects.toThrow(
      'is not a plain name and value',
    );
    await expect(startTestPostgres({ settings: { 'work mem': '7MB' } })).rejects.toThrow('is not a plain name');
  });
});
