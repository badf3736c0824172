// The other half of PGlite's missing autovacuum (see `pglite-maintenance.ts`): PostgreSQL counts a data
// folder's transaction-id age by its oldest database, templates included, and a PGlite can vacuum only the
// database it opened. So the templates are frozen when the folder is opened, before anything else uses it.
import { PGlite } from '@electric-sql/pglite';

/**
 * Opens PGlite's main database in `dataDir`, first freezing each other
 * database of the folder (`template0`, `template1`) whose oldest unfrozen
 * transaction id is older than `freezeAfterXids`: each is opened on its own,
 * so nothing else may have the folder open. A database in memory is opened
 * as it is; it does not live long enough to age.
 */
export async function openFreezingTemplates(dataDir: string | undefined, freezeAfterXids: number): Promise<PGlite> {
  const main = await PGlite.create(dataDir);
  if (dataDir === undefined) return main;
  const { rows: aged } = await main.query<{ datname: string }>(
    `SELECT datname FROM pg_database
      WHERE datname <> current_database() AND age(datfrozenxid) > $1 ORDER BY datname`,
    [freezeAfterXids],
  );
  if (aged.length === 0) return main;
  await main.close();
  for (const { datname } of aged) {
    const template = await PGlite.create(dataDir, { database: datname });
    try {
      await template.query('VACUUM (FREEZE)');
    } finally {
      await template.close();
    }
  }
  return await PGlite.create(dataDir);
}
