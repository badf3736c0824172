import { z } from 'zod';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { sessionSchema } from './schemas.js';

const serviceBody = z.object({ service: z.enum(['chat', 'voice', 'video']) });

/**
 * Switching a running consultation to another service over REST (the same
 * engine calls as the `consultation.offerService` / `acceptService` /
 * `declineService` frames): the engine lets only the session's consultant
 * offer, and only its user accept the service offered (from then on it is
 * billed at that rate) or decline it (the consultant hears of it over ws).
 */
export function serviceSwitchRoutes(api: ApiRouter, services: Services): void {
  const { billing } = services;

  api.post(
    '/consultations/:id/offer-service',
    {
      summary: 'Offer the user to switch the consultation to another service (a chat to a call)',
      tag: 'consultations',
      access: ['consultant'],
      body: serviceBody,
      response: sessionSchema,
    },
    async (ctx) => await billing.offerService(ctx.params.id ?? '', caller(ctx).id, ctx.body.service),
  );

  api.post(
    '/consultations/:id/accept-service',
    {
      summary: "Accept the consultant's offer: billed at the new service's rate from now on",
      tag: 'consultations',
      access: ['user'],
      body: serviceBody,
      response: sessionSchema,
    },
    async (ctx) => await billing.acceptService(ctx.params.id ?? '', caller(ctx).id, ctx.body.service),
  );

  api.post(
    '/consultations/:id/decline-service',
    {
      summary: "Decline the consultant's offer: the session goes on as it is, and the consultant is told",
      tag: 'consultations',
      access: ['user'],
      body: serviceBody,
      response: sessionSchema,
    },
    async (ctx) => await billing.declineService(ctx.params.id ?? '', caller(ctx).id, ctx.body.service),
  );
}
