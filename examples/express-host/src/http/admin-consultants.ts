import { z } from 'zod';
import { HostError } from '../errors.js';
import { endOpenSessions } from '../freeze.js';
import type { ConsultantStatus } from '../host-store/index.js';
import type { Services } from '../services.js';
import { oneLine } from '../validation.js';
import { type ApiRouter, caller } from './api.js';
import { ownProfile } from './onboarding.js';
import { limitQuery, publicUser } from './schemas.js';

/** An approval decision: the status it sets, the statuses it may follow, and whether it needs a reason. */
const DECISIONS = {
  approve: { to: 'approved', from: ['pending', 'rejected', 'suspended'], reasonRequired: false },
  reject: { to: 'rejected', from: ['pending'], reasonRequired: true },
  suspend: { to: 'suspended', from: ['approved'], reasonRequired: true },
} as const satisfies Record<
  string,
  { to: ConsultantStatus; from: readonly ConsultantStatus[]; reasonRequired: boolean }
>;

type Decision = keyof typeof DECISIONS;

const reason = oneLine.trim().min(1).max(500);

/**
 * Admin routes for consultant approval, account look-up and review moderation;
 * every decision is written to the audit log.
 */
export function adminConsultantRoutes(api: ApiRouter, services: Services): void {
  const { host } = services;
  const admin = ['admin'] as const;

  api.get(
    '/admin/consultants',
    {
      summary: 'Consultants by approval status (pending by default), by id, with their accounts',
      tag: 'admin',
      access: admin,
      query: z.object({
        status: z.enum(['pending', 'approved', 'rejected', 'suspended']).default('pending'),
        limit: limitQuery(500, 100),
      }),
    },
    async (ctx) => {
      const profiles = await host.directory.listByStatus(ctx.query.status, ctx.query.limit);
      const accounts = await Promise.all(profiles.map((p) => host.accounts.byId(p.consultantId)));
      return profiles.map((profile, i) => {
        const account = accounts[i];
        return { ...ownProfile(profile), account: account ? publicUser(account) : null };
      });
    },
  );

  const decide = (decision: Decision) => {
    const rule = DECISIONS[decision];
    api.post(
      `/admin/consultants/:id/${decision}`,
      {
        summary: `${decision[0]?.toUpperCase()}${decision.slice(1)} a consultant (from ${rule.from.join(', ')})${rule.reasonRequired ? ', with a reason they will see' : ''}${decision === 'suspend' ? '; their open consultations end, charging what was served' : ''}`,
        tag: 'admin',
        access: admin,
        body: z.object({ reason: rule.reasonRequired ? reason : reason.optional() }),
      },
      async (ctx) => {
        const id = ctx.params.id ?? '';
        const profile = await host.directory.profileOf(id);
        if (!profile) throw new HostError('CONSULTANT_NOT_FOUND', `no consultant ${id}`);
        if (!(rule.from as readonly ConsultantStatus[]).includes(profile.status)) {
          throw new HostError(
            'CONSULTANT_STATUS_CONFLICT',
            `a consultant who is ${profile.status} cannot be ${rule.to}`,
            {
              details: { status: profile.status },
            },
          );
        }
        const reasonGiven = ctx.body.reason ?? null;
        const updated = await host.directory.setStatus(id, rule.to, decision === 'approve' ? null : reasonGiven);
        if (!updated) throw new HostError('CONSULTANT_NOT_FOUND', `no consultant ${id}`);
        if (decision === 'suspend') await endOpenSessions(services, id);
        await services.audit(caller(ctx).id, `${decision}_consultant`, id, {
          from: profile.status,
          reason: reasonGiven,
        });
        return ownProfile(updated);
      },
    );
  };
  decide('approve');
  decide('reject');
  decide('suspend');

  api.get(
    '/admin/accounts',
    {
      summary: 'Find an account by email, to freeze or unfreeze it',
      tag: 'admin',
      access: admin,
      query: z.object({ email: z.email().max(200) }),
    },
    async (ctx) => {
      const account = await host.accounts.byEmail(ctx.query.email);
      if (!account) throw new HostError('ACCOUNT_NOT_FOUND', `no account with the email ${ctx.query.email}`);
      return publicUser(account);
    },
  );

  api.post(
    '/admin/reviews/:id/show',
    { summary: 'Show a hidden review again', tag: 'admin', access: admin },
    async (ctx) => {
      const rating = await host.ratings.setHidden(ctx.params.id ?? '', false);
      if (!rating) throw new HostError('REVIEW_NOT_FOUND', `no review ${ctx.params.id}`);
      await services.audit(caller(ctx).id, 'show_review', rating.id, { sessionId: rating.sessionId });
      return rating;
    },
  );
}
