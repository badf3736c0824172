import { BACKUP_MEDIA_TYPE, backupFileName } from '../backup.js';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';

/**
 * `POST /api/admin/backup`: an online backup of the embedded PGlite database,
 * sent as a download. Admins only, and written to the audit log: the archive
 * holds every account, wallet and message. Restored offline with the host's
 * `restore` command.
 */
export function backupRoutes(api: ApiRouter, services: Services): void {
  api.post(
    '/admin/backup',
    {
      summary:
        'A consistent backup of the embedded PGlite database, taken while the host runs (a .tar.gz of its data folder; restore it with the `restore` command into an empty DATA_DIR). 409 BACKUP_UNSUPPORTED on PostgreSQL, MongoDB or memory: back those up with their own tools',
      tag: 'admin',
      access: ['admin'],
      produces: BACKUP_MEDIA_TYPE,
    },
    async (ctx) => {
      const actor = caller(ctx);
      const { stores, clock } = services;
      if (!stores.dumpData) {
        throw new HostError(
          'BACKUP_UNSUPPORTED',
          `this host keeps its data in ${stores.kind}, not the embedded PGlite: back it up with that database's own tools`,
        );
      }
      const archive = await stores.dumpData();
      const name = backupFileName(clock.now());
      await services.audit(actor.id, 'backup', name, { bytes: archive.size });
      ctx.res
        .status(200)
        .set({ 'content-type': BACKUP_MEDIA_TYPE, 'content-disposition': `attachment; filename="${name}"` })
        .send(Buffer.from(await archive.arrayBuffer()));
    },
  );
}
