import { registerAccount } from './accounts.js';
import type { Services } from './services.js';

/** Password of every demo account. */
export const DEMO_PASSWORD = 'demo1234';

/** The demo user's opening balance: Rs 500. */
export const DEMO_BALANCE = 50_000;

/** The demo consultants and their directory entries. */
export const DEMO_CONSULTANTS = [
  {
    id: 'consultant:guru',
    name: 'Guru Sharma',
    email: 'guru@demo.local',
    experienceYears: 20,
    bio: 'Vedic astrologer with 20 years of practice: birth charts, dashas, muhurta.',
    specialities: ['Vedic astrology', 'Kundli'],
    languages: ['Hindi', 'English'],
    rates: { chat: 1_000, voice: 1_500, video: 2_500 },
  },
  {
    id: 'consultant:meera',
    name: 'Meera Iyer',
    email: 'meera@demo.local',
    experienceYears: 8,
    bio: 'Tarot reader: love, career and the next step.',
    specialities: ['Tarot'],
    languages: ['English', 'Tamil'],
    rates: { chat: 600, voice: 900 },
  },
  {
    id: 'consultant:ravi',
    name: 'Ravi Verma',
    email: 'ravi@demo.local',
    experienceYears: 12,
    bio: 'Numerologist: names, dates and lucky numbers.',
    specialities: ['Numerology'],
    languages: ['Hindi', 'English', 'Marathi'],
    rates: { chat: 800, voice: 1_200, video: 2_000 },
  },
] as const;

/**
 * Seeds the demo: `asha@demo.local` with Rs 500, three consultants, `admin@demo.local`.
 * Idempotent: fixed ids, and the opening balance is one keyed top-up.
 */
export async function seedDemo(services: Services): Promise<void> {
  const asha = await registerAccount(services, {
    id: 'user:asha',
    name: 'Asha Rao',
    email: 'asha@demo.local',
    password: DEMO_PASSWORD,
    role: 'user',
  });
  await services.wallet.topUp({ id: 'seed:user:asha', to: asha.id, amount: DEMO_BALANCE, metadata: { seed: true } });
  for (const c of DEMO_CONSULTANTS) {
    await registerAccount(services, {
      id: c.id,
      name: c.name,
      email: c.email,
      password: DEMO_PASSWORD,
      role: 'consultant',
      profile: {
        bio: c.bio,
        specialities: c.specialities,
        languages: c.languages,
        rates: c.rates,
        experienceYears: c.experienceYears,
        online: true,
        // The demo's consultants were vetted when it was written: they serve from the first start.
        status: 'approved',
      },
    });
  }
  await registerAccount(services, {
    id: 'admin:root',
    name: 'Demo Admin',
    email: 'admin@demo.local',
    password: DEMO_PASSWORD,
    role: 'admin',
  });
}
