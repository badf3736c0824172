import { z } from 'zod';
import { liveStatus, withinSchedule } from '../consultant-profile.js';
import type { ConsultantProfile } from '../host-store/index.js';
import { isOnline } from '../presence.js';
import type { Services } from '../services.js';
import { ratesSchema } from './schemas.js';

/** A consultant as the directory lists them. */
export const consultantSchema = z.object({
  id: z.string(),
  name: z.string(),
  bio: z.string(),
  experienceYears: z.number().int(),
  photoUrl: z.string().nullable(),
  specialities: z.array(z.string()),
  languages: z.array(z.string()),
  rates: ratesSchema,
  timeZone: z.string(),
  schedule: z.array(z.object({ day: z.number().int(), from: z.string(), to: z.string() })),
  rating: z.number().nullable(),
  reviews: z.number().int(),
  /** The consultant's own switch; `status` is `offline` unless it is on and they have a live connection. */
  available: z.boolean(),
  /** `away`: switched on and connected outside their weekly hours (still requestable); see `liveStatus`. */
  status: z.enum(['online', 'busy', 'away', 'offline']),
});
/** A consultant as the directory lists them. */
export type Consultant = z.infer<typeof consultantSchema>;

/** One directory entry: profile, live status (availability, connection, billing engine's load, hours), rating summary. */
export async function describeConsultant(services: Services, profile: ConsultantProfile): Promise<Consultant | null> {
  const user = await services.host.accounts.byId(profile.consultantId);
  if (!user || user.frozen) return null;
  const ratings = await services.host.ratings.list(profile.consultantId);
  const load = await services.billing.consultantStatus(profile.consultantId);
  const status = liveStatus({
    online: await isOnline(profile, services.transport),
    busy: load.busy,
    inHours: withinSchedule(profile, services.clock.now()),
  });
  const rating = ratings.length
    ? Math.round((ratings.reduce((sum, r) => sum + r.stars, 0) / ratings.length) * 10) / 10
    : null;
  return {
    id: profile.consultantId,
    name: user.name,
    bio: profile.bio,
    experienceYears: profile.experienceYears,
    photoUrl: profile.photoUrl,
    specialities: [...profile.specialities],
    languages: [...profile.languages],
    rates: { ...profile.rates },
    timeZone: profile.timeZone,
    schedule: profile.schedule.map((slot) => ({ ...slot })),
    rating,
    reviews: ratings.filter((r) => r.review !== null && !r.hidden).length,
    available: profile.online,
    status,
  };
}
