import { randomUUID } from 'node:crypto';
import type { Session } from '@jyotishconnect/billing-engine';
import { z } from 'zod';
import { HostError } from '../errors.js';
import type { UserRecord } from '../host-store/index.js';
import { invoiceOf } from '../invoice.js';
import type { Services } from '../services.js';
import { oneLine } from '../validation.js';
import { type ApiRouter, caller } from './api.js';
import { limitQuery, sessionSchema } from './schemas.js';

const requestBody = z.object({ consultantId: oneLine.min(1).max(200), service: z.enum(['chat', 'voice', 'video']) });
const ratingBody = z.object({
  stars: z.number().int().min(1).max(5),
  review: z.string().trim().min(1).max(2_000).optional(),
});
const ratingSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  stars: z.number().int(),
  review: z.string().nullable(),
});

/** Reads a session the caller may read: a participant, or an admin. */
export async function readableSession(services: Services, user: UserRecord, sessionId: string): Promise<Session> {
  const session = await services.billing.getSession(sessionId, user.role === 'admin' ? undefined : user.id);
  if (!session) throw new HostError('SESSION_NOT_FOUND', `no session ${sessionId}`);
  return session;
}

/** Consultation lifecycle over REST (the same engine calls as the WebSocket frames), invoices and ratings. */
export function consultationRoutes(api: ApiRouter, services: Services): void {
  const { billing, host } = services;

  api.post(
    '/consultations',
    {
      summary: 'Request a consultation',
      tag: 'consultations',
      access: ['user'],
      body: requestBody,
      response: sessionSchema,
      status: 201,
    },
    async (ctx) => {
      if (services.state.draining) throw new HostError('SHUTTING_DOWN', 'this server is shutting down; try again');
      const user = caller(ctx);
      const session = await billing.request({
        userId: user.id,
        consultantId: ctx.body.consultantId,
        service: ctx.body.service,
      });
      // Indexed here too, not only on `session.requested`, so the caller's next listing has it.
      await host.sessions.record({
        id: session.id,
        userId: session.userId,
        consultantId: session.consultantId,
        requestedAt: session.requestedAt,
      });
      return session;
    },
  );

  const act = (name: 'accept' | 'reject' | 'cancel' | 'end', role: 'user' | 'consultant' | 'any', summary: string) =>
    api.post(
      `/consultations/:id/${name}`,
      {
        summary,
        tag: 'consultations',
        access: role === 'any' ? ['user', 'consultant'] : [role],
        response: sessionSchema,
      },
      async (ctx) => {
        const id = ctx.params.id ?? '';
        const user = caller(ctx);
        if (name === 'accept' && services.state.draining)
          throw new HostError('SHUTTING_DOWN', 'this server is shutting down');
        if (name === 'end') return await billing.end(id, user.id);
        return await billing[name](id, user.id);
      },
    );
  act('accept', 'consultant', 'Accept a request: billing starts');
  act('reject', 'consultant', 'Decline a request');
  act('cancel', 'user', 'Withdraw a request before it is accepted');
  act('end', 'any', 'End a consultation: the seconds served are charged');

  api.get(
    '/consultations',
    {
      summary: 'My consultations, newest first',
      tag: 'consultations',
      access: ['user', 'consultant'],
      query: z.object({ limit: limitQuery(100, 50) }),
    },
    async (ctx) => {
      const refs = await host.sessions.list(caller(ctx).id, ctx.query.limit);
      const sessions = await Promise.all(refs.map((ref) => billing.getSession(ref.id)));
      return sessions.filter((s): s is Session => s !== null);
    },
  );

  api.get(
    '/consultations/:id',
    { summary: 'A consultation with its invoice', tag: 'consultations', access: 'any' },
    async (ctx) => {
      const session = await readableSession(services, caller(ctx), ctx.params.id ?? '');
      const rating = await host.ratings.ofSession(session.id);
      return {
        session,
        invoice: await invoiceOf(services.wallet, session),
        rating: rating ? { id: rating.id, stars: rating.stars, review: rating.hidden ? null : rating.review } : null,
      };
    },
  );

  api.post(
    '/consultations/:id/rating',
    {
      summary: 'Rate a finished consultation (once, by its user)',
      tag: 'consultations',
      access: ['user'],
      body: ratingBody,
      response: ratingSchema,
      status: 201,
    },
    async (ctx) => {
      const user = caller(ctx);
      const session = await readableSession(services, user, ctx.params.id ?? '');
      if (session.userId !== user.id) throw new HostError('FORBIDDEN', 'only the user of a session rates it');
      if (session.status !== 'ended' || session.acceptedAt === null) {
        throw new HostError('SESSION_NOT_ENDED', 'rate a consultation after it took place and ended');
      }
      const rating = {
        id: `rating_${randomUUID()}`,
        sessionId: session.id,
        userId: user.id,
        consultantId: session.consultantId,
        stars: ctx.body.stars,
        review: ctx.body.review ?? null,
        hidden: false,
        createdAt: services.clock.now(),
      };
      if ((await host.ratings.insert(rating)) === 'duplicate')
        throw new HostError('ALREADY_RATED', 'this session is already rated');
      return { id: rating.id, sessionId: rating.sessionId, stars: rating.stars, review: rating.review };
    },
  );
}
