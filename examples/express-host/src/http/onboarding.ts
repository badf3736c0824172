import { z } from 'zod';
import { profileEditSchema } from '../consultant-profile.js';
import { HostError } from '../errors.js';
import type { ConsultantProfile } from '../host-store/index.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { ratesSchema } from './schemas.js';

/** A consultant's own profile: what they edit, and where they stand with the platform. Never the payout account. */
export const ownProfileSchema = z.object({
  consultantId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'suspended']),
  statusReason: z.string().nullable(),
  online: z.boolean(),
  bio: z.string(),
  experienceYears: z.number().int(),
  specialities: z.array(z.string()),
  languages: z.array(z.string()),
  photoUrl: z.string().nullable(),
  rates: ratesSchema,
  timeZone: z.string(),
  schedule: z.array(z.object({ day: z.number().int(), from: z.string(), to: z.string() })),
});

/** The view of {@link ownProfileSchema}. */
export function ownProfile(p: ConsultantProfile): z.infer<typeof ownProfileSchema> {
  return {
    consultantId: p.consultantId,
    status: p.status,
    statusReason: p.statusReason,
    online: p.online,
    bio: p.bio,
    experienceYears: p.experienceYears,
    specialities: [...p.specialities],
    languages: [...p.languages],
    photoUrl: p.photoUrl,
    rates: { ...p.rates },
    timeZone: p.timeZone,
    schedule: p.schedule.map((slot) => ({ ...slot })),
  };
}

/** `GET` and `PUT /api/consultants/me/profile`: a consultant's onboarding and later edits. */
export function onboardingRoutes(api: ApiRouter, services: Services): void {
  const { directory } = services.host;
  const bounds = { min: services.config.minRatePerMinute, max: services.config.maxRatePerMinute };
  const missing = () => new HostError('CONSULTANT_NOT_FOUND', 'no directory entry for this account');

  api.get(
    '/consultants/me/profile',
    {
      summary: 'My consultant profile, with my approval status',
      tag: 'directory',
      access: ['consultant'],
      response: ownProfileSchema,
    },
    async (ctx) => {
      const profile = await directory.profileOf(caller(ctx).id);
      if (!profile) throw missing();
      return ownProfile(profile);
    },
  );

  api.put(
    '/consultants/me/profile',
    {
      summary: `Edit my profile, rates (${bounds.min}..${bounds.max} paise per minute; a new rate applies to sessions requested after it) and weekly hours`,
      tag: 'directory',
      access: ['consultant'],
      body: profileEditSchema(bounds),
      response: ownProfileSchema,
    },
    async (ctx) => {
      const profile = await directory.editProfile(caller(ctx).id, ctx.body);
      if (!profile) throw missing();
      return ownProfile(profile);
    },
  );
}
