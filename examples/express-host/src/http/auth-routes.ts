import { z } from 'zod';
import { registerAccount } from '../accounts.js';
import { verifyPassword } from '../auth.js';
import { ratesWithin } from '../consultant-profile.js';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { oneLine } from '../validation.js';
import { type ApiRouter, caller } from './api.js';
import { authResultSchema, publicUser, userSchema } from './schemas.js';

const registerSchema = (rateBounds: { min: number; max: number }) =>
  z.object({
    name: oneLine.trim().min(1).max(100),
    email: z.email().max(200),
    password: z.string().min(8).max(200),
    role: z.enum(['user', 'consultant']),
    bio: z.string().max(2_000).optional(),
    specialities: z.array(oneLine.min(1).max(60)).max(20).optional(),
    languages: z.array(oneLine.min(1).max(40)).max(20).optional(),
    rates: ratesWithin(rateBounds).optional(),
  });

const loginSchema = z.object({ email: z.email(), password: z.string().min(1).max(200) });

/** `POST /api/auth/register`, `POST /api/auth/login`, `GET /api/me`. */
export function authRoutes(api: ApiRouter, services: Services): void {
  api.post(
    '/auth/register',
    {
      summary:
        'Register as a user or consultant; a consultant waits for an admin to approve them (CONSULTANT_APPROVAL)',
      tag: 'auth',
      access: 'public',
      body: registerSchema({ min: services.config.minRatePerMinute, max: services.config.maxRatePerMinute }),
      response: authResultSchema,
      status: 201,
    },
    async ({ body }) => {
      const profile =
        body.role === 'consultant'
          ? {
              bio: body.bio ?? '',
              specialities: body.specialities ?? [],
              languages: body.languages ?? [],
              ...(body.rates ? { rates: body.rates } : {}),
            }
          : undefined;
      const user = await registerAccount(services, { ...body, ...(profile ? { profile } : {}) });
      return { token: await services.tokens.sign(user), user: publicUser(user) };
    },
  );

  api.post(
    '/auth/login',
    { summary: 'Log in', tag: 'auth', access: 'public', body: loginSchema, response: authResultSchema },
    async ({ body }) => {
      const user = await services.host.accounts.byEmail(body.email);
      // Hash even for an unknown email, so timing does not reveal which emails exist.
      const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) throw new HostError('INVALID_CREDENTIALS', 'wrong email or password');
      if (user.frozen) throw new HostError('ACCOUNT_FROZEN', 'this account is frozen');
      return { token: await services.tokens.sign(user), user: publicUser(user) };
    },
  );

  api.get('/me', { summary: 'The logged-in account', tag: 'auth', access: 'any', response: userSchema }, async (ctx) =>
    publicUser(caller(ctx)),
  );
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
