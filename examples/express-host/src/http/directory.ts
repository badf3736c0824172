import { z } from 'zod';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { consultantSchema, describeConsultant } from './consultant-view.js';
import { DIRECTORY_SCAN_LIMIT, directoryPageSchema, directoryQuery, searchDirectory } from './directory-search.js';

/** `GET /api/consultants`, `GET /api/consultants/:id`, `PUT /api/consultants/me/availability`. */
export function directoryRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/consultants',
    {
      summary: `Consultant directory: approved consultants, searched, filtered, sorted and paged (at most ${DIRECTORY_SCAN_LIMIT} approved consultants are searched)`,
      tag: 'directory',
      access: 'public',
      query: directoryQuery,
      response: directoryPageSchema,
    },
    async ({ query }) => await searchDirectory(services, query),
  );

  api.get(
    '/consultants/:id',
    { summary: 'One consultant, with visible reviews', tag: 'directory', access: 'public' },
    async ({ params }) => {
      const profile = await services.host.directory.profileOf(params.id ?? '');
      // Pending, rejected and suspended consultants are not listed, one by one either.
      const consultant = profile?.status === 'approved' ? await describeConsultant(services, profile) : null;
      if (!consultant) throw new HostError('CONSULTANT_NOT_FOUND', `no consultant ${params.id}`);
      const reviews = (await services.host.ratings.list(consultant.id))
        .filter((r) => r.review !== null && !r.hidden)
        .map((r) => ({ id: r.id, stars: r.stars, review: r.review, createdAt: r.createdAt }));
      return { ...consultant, reviewList: reviews };
    },
  );

  api.put(
    '/consultants/me/availability',
    {
      summary: 'Go online or offline',
      tag: 'directory',
      access: ['consultant'],
      body: z.object({ online: z.boolean() }),
      response: consultantSchema,
    },
    async (ctx) => {
      const profile = await services.host.directory.setOnline(caller(ctx).id, ctx.body.online);
      const consultant = profile ? await describeConsultant(services, profile) : null;
      if (!consultant) throw new HostError('CONSULTANT_NOT_FOUND', 'no directory entry for this account');
      return consultant;
    },
  );
}
