import { SERVICE_TYPES, type ServiceType } from '@jyotishconnect/billing-engine';
import { waitlistViewOf } from '@jyotishconnect/ws-transport';
import { z } from 'zod';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { sessionSchema } from './schemas.js';

const joinBody = z.object({ service: z.enum(SERVICE_TYPES as [ServiceType, ...ServiceType[]]) });

const positionSchema = z.object({
  consultantId: z.string(),
  service: z.enum(['chat', 'voice', 'video']),
  joinedAt: z.number().int(),
  /** 1 for the first in line. */
  position: z.number().int(),
  /** Users in the queue, this one included. */
  length: z.number().int(),
  /** An estimate from the consultant's current session and the average consultation length; never a promise. */
  estimatedWaitSeconds: z.number().int(),
});

/** What a waiting user sees: where they stand, and the slot offered to them (only ever to them). */
const waitlistSchema = z.object({ waiting: positionSchema.nullable(), offer: sessionSchema.nullable() });

/** The caller's waitlist view, flattened for the API. */
async function viewOf(services: Services, userId: string): Promise<z.infer<typeof waitlistSchema>> {
  const { waiting, offer } = await waitlistViewOf(services.billing, userId);
  const position = waiting && {
    consultantId: waiting.entry.consultantId,
    service: waiting.entry.service,
    joinedAt: waiting.entry.joinedAt,
    position: waiting.position,
    length: waiting.length,
    estimatedWaitSeconds: waiting.estimatedWaitSeconds,
  };
  return { waiting: position, offer: offer as z.infer<typeof sessionSchema> | null };
}

/**
 * The waitlist over REST: join a busy consultant's queue, see your place and
 * estimated wait, leave; take or pass on the slot offered to you. Every route
 * acts for the caller only: the engine refuses an offer taken by anyone else.
 */
export function waitlistRoutes(api: ApiRouter, services: Services): void {
  const { billing, host } = services;

  api.post(
    '/consultants/:id/waitlist',
    {
      summary: 'Wait for a busy consultant (a free one offers you the slot at once)',
      tag: 'waitlist',
      access: ['user'],
      body: joinBody,
      response: waitlistSchema,
      status: 201,
    },
    async (ctx) => {
      if (services.state.draining) throw new HostError('SHUTTING_DOWN', 'this server is shutting down; try again');
      const consultantId = ctx.params.id ?? '';
      const profile = await host.directory.profileOf(consultantId);
      const account = profile && (await host.accounts.byId(consultantId));
      if (!account || account.frozen) throw new HostError('CONSULTANT_NOT_FOUND', `no consultant ${consultantId}`);
      const user = caller(ctx);
      await billing.joinWaitlist({ userId: user.id, consultantId, service: ctx.body.service });
      return await viewOf(services, user.id);
    },
  );

  api.delete(
    '/consultants/:id/waitlist',
    { summary: 'Leave the queue of a consultant', tag: 'waitlist', access: ['user'], response: waitlistSchema },
    async (ctx) => {
      const user = caller(ctx);
      const waiting = await billing.waitlistPosition(user.id);
      if (waiting?.entry.consultantId !== ctx.params.id) {
        throw new HostError('NOT_IN_WAITLIST', 'you are not waiting for this consultant');
      }
      await billing.leaveWaitlist(user.id);
      return await viewOf(services, user.id);
    },
  );

  api.get(
    '/me/waitlist',
    {
      summary: 'Where I wait, my estimated wait, and the slot offered to me',
      tag: 'waitlist',
      access: ['user'],
      response: waitlistSchema,
    },
    async (ctx) => await viewOf(services, caller(ctx).id),
  );

  api.post(
    '/waitlist/offers/:id/accept',
    {
      summary: 'Take the slot offered to me: the request goes to the consultant',
      tag: 'waitlist',
      access: ['user'],
      response: sessionSchema,
    },
    async (ctx) => {
      if (services.state.draining) throw new HostError('SHUTTING_DOWN', 'this server is shutting down; try again');
      const session = await billing.takeOffer(ctx.params.id ?? '', caller(ctx).id);
      // Indexed now, so the consultant's and the user's listings have it at once.
      await host.sessions.record({
        id: session.id,
        userId: session.userId,
        consultantId: session.consultantId,
        requestedAt: session.requestedAt,
      });
      return session;
    },
  );

  api.post(
    '/waitlist/offers/:id/pass',
    {
      summary: 'Pass on the slot offered to me: the next in line is offered it',
      tag: 'waitlist',
      access: ['user'],
      response: sessionSchema,
    },
    async (ctx) => await billing.passOffer(ctx.params.id ?? '', caller(ctx).id),
  );
}
