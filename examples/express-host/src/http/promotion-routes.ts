import { z } from 'zod';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';

const promotionSchema = z.object({
  consultantId: z.string(),
  /** Free seconds of a new client's first consultation (0: no promotion); the platform pays them. */
  freeSeconds: z.number().int(),
  /** The most the platform allows (`MAX_PROMOTION_FREE_SECONDS`). */
  maxFreeSeconds: z.number().int(),
});

/**
 * Free first minutes. The platform gives `FIRST_CONSULTATION_FREE_SECONDS`
 * on a user's first consultation; each consultant may add a promotion for new
 * clients, set by themselves or an admin within `MAX_PROMOTION_FREE_SECONDS`
 * (the promotions account pays, so the platform bounds it). The larger of the
 * two applies, once; users see what they would get before they request.
 */
export function promotionRoutes(api: ApiRouter, services: Services): void {
  const { host, billing, config, clock } = services;
  const max = config.waitlist.maxPromotionFreeSeconds;
  const body = z.object({
    freeSeconds: z.number().int().min(0).max(max, `must be at most ${max} seconds (MAX_PROMOTION_FREE_SECONDS)`),
  });

  const view = async (consultantId: string) => {
    const promotion = await host.promotions.promotionOf(consultantId);
    return { consultantId, freeSeconds: Math.min(promotion?.freeSeconds ?? 0, max), maxFreeSeconds: max };
  };
  const setPromotion = async (consultantId: string, freeSeconds: number, setBy: string) => {
    if (freeSeconds === 0) await host.promotions.clear(consultantId);
    else await host.promotions.set({ consultantId, freeSeconds, setBy, updatedAt: clock.now() });
    return await view(consultantId);
  };
  const knownConsultant = async (consultantId: string) => {
    if (!(await host.directory.profileOf(consultantId))) {
      throw new HostError('CONSULTANT_NOT_FOUND', `no consultant ${consultantId}`);
    }
  };

  api.get(
    '/consultants/me/promotion',
    { summary: 'My promotion for new clients', tag: 'promotions', access: ['consultant'], response: promotionSchema },
    async (ctx) => await view(caller(ctx).id),
  );

  api.put(
    '/consultants/me/promotion',
    {
      summary: 'Set my promotion for new clients (0 removes it)',
      tag: 'promotions',
      access: ['consultant'],
      body,
      response: promotionSchema,
    },
    async (ctx) => {
      const me = caller(ctx).id;
      await knownConsultant(me);
      return await setPromotion(me, ctx.body.freeSeconds, me);
    },
  );

  api.put(
    '/admin/consultants/:id/promotion',
    {
      summary: "Set a consultant's promotion for new clients (0 removes it)",
      tag: 'promotions',
      access: ['admin'],
      body,
      response: promotionSchema,
    },
    async (ctx) => {
      const consultantId = ctx.params.id ?? '';
      await knownConsultant(consultantId);
      const admin = caller(ctx).id;
      const result = await setPromotion(consultantId, ctx.body.freeSeconds, admin);
      await services.audit(admin, 'promotion.set', consultantId, { freeSeconds: ctx.body.freeSeconds });
      return result;
    },
  );

  api.get(
    '/me/free-seconds',
    {
      summary: 'Free seconds my next consultation with each consultant would start with',
      tag: 'promotions',
      access: ['user'],
      response: z.record(z.string(), z.number().int()),
    },
    async (ctx) => {
      const me = caller(ctx).id;
      const consultants = (await host.directory.list()).filter((p) => p.status === 'approved');
      const free = await Promise.all(
        consultants.map(async (p) => [p.consultantId, await billing.freeSecondsFor(me, p.consultantId)] as const),
      );
      return Object.fromEntries(free.filter(([, seconds]) => seconds > 0));
    },
  );
}
