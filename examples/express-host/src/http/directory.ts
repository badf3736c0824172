import { SERVICE_TYPES } from '@jyotishconnect/billing-engine';
import { z } from 'zod';
import { HostError } from '../errors.js';
import type { ConsultantProfile } from '../host-store/index.js';
import { isOnline } from '../presence.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { ratesSchema } from './schemas.js';

/** A consultant as the directory lists them. */
export const consultantSchema = z.object({
  id: z.string(),
  name: z.string(),
  bio: z.string(),
  specialities: z.array(z.string()),
  languages: z.array(z.string()),
  rates: ratesSchema,
  rating: z.number().nullable(),
  reviews: z.number().int(),
  /** The consultant's own switch; `status` is `offline` unless it is on and they have a live connection. */
  available: z.boolean(),
  status: z.enum(['online', 'busy', 'offline']),
});
type Consultant = z.infer<typeof consultantSchema>;

const directoryQuery = z.object({
  service: z.enum(SERVICE_TYPES as ['chat', 'voice', 'video']).optional(),
  speciality: z.string().max(60).optional(),
  language: z.string().max(40).optional(),
  sort: z.enum(['rating', 'price']).optional(),
});

/** One directory entry: profile, live status (availability, connection, billing engine's load), rating summary. */
export async function describeConsultant(services: Services, profile: ConsultantProfile): Promise<Consultant | null> {
  const user = await services.host.accounts.byId(profile.consultantId);
  if (!user || user.frozen) return null;
  const ratings = await services.host.ratings.list(profile.consultantId);
  const load = await services.billing.consultantStatus(profile.consultantId);
  const status = !(await isOnline(profile, services.transport)) ? 'offline' : load.busy ? 'busy' : 'online';
  const rating = ratings.length
    ? Math.round((ratings.reduce((sum, r) => sum + r.stars, 0) / ratings.length) * 10) / 10
    : null;
  return {
    id: profile.consultantId,
    name: user.name,
    bio: profile.bio,
    specialities: [...profile.specialities],
    languages: [...profile.languages],
    rates: { ...profile.rates },
    rating,
    reviews: ratings.filter((r) => r.review !== null && !r.hidden).length,
    available: profile.online,
    status,
  };
}

const matches = (values: readonly string[], wanted: string | undefined) =>
  wanted === undefined || values.some((value) => value.toLowerCase() === wanted.toLowerCase());

/** `GET /api/consultants`, `GET /api/consultants/:id`, `PUT /api/consultants/me/availability`. */
export function directoryRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/consultants',
    {
      summary: 'Consultant directory: filter and sort',
      tag: 'directory',
      access: 'public',
      query: directoryQuery,
      response: z.array(consultantSchema),
    },
    async ({ query }) => {
      const profiles = (await services.host.directory.list()).filter(
        (p) =>
          (query.service === undefined || p.rates[query.service] !== undefined) &&
          matches(p.specialities, query.speciality) &&
          matches(p.languages, query.language),
      );
      const list = (await Promise.all(profiles.map((p) => describeConsultant(services, p)))).filter(
        (c): c is Consultant => c !== null,
      );
      const price = (c: Consultant) => c.rates[query.service ?? 'chat'] ?? Number.MAX_SAFE_INTEGER;
      if (query.sort === 'price') list.sort((a, b) => price(a) - price(b));
      if (query.sort === 'rating') list.sort((a, b) => (b.rating ?? 0) - (a.rating ?? 0) || b.reviews - a.reviews);
      return list;
    },
  );

  api.get(
    '/consultants/:id',
    { summary: 'One consultant, with visible reviews', tag: 'directory', access: 'public' },
    async ({ params }) => {
      const profile = await services.host.directory.profileOf(params.id ?? '');
      const consultant = profile ? await describeConsultant(services, profile) : null;
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
