import { randomUUID } from 'node:crypto';
import { billingReport, type ReportRow, type Session } from '@jyotishconnect/billing-engine';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { z } from 'zod';
import { adminSessionViews } from '../admin-session-view.js';
import { HostError } from '../errors.js';
import { freezeAccount, unfreezeAccount } from '../freeze.js';
import { issueCreditNote } from '../invoicing/issuing.js';
import type { Services } from '../services.js';
import { refundSession } from '../session-refund.js';
import { oneLine } from '../validation.js';
import { type ApiRouter, caller } from './api.js';
import { limitQuery, paise, publicUser } from './schemas.js';

const refundBody = z.object({
  sessionId: oneLine.min(1).max(200),
  amount: paise.optional(),
  reason: z.string().max(500).optional(),
  /** When the consultant was paid out: let `system:refunds` fund what their wallet no longer holds. */
  absorbShortfall: z.boolean().optional(),
});

/** Admin routes; every action is written to the audit log. */
export function adminRoutes(api: ApiRouter, services: Services): void {
  const { billing, host, wallet } = services;
  const admin = ['admin'] as const;

  api.get(
    '/admin/sessions',
    {
      summary:
        "All sessions, newest first, each with the user's and the consultant's names, what was refunded and what is still refundable (paise); the refunds of the whole page are read in one query",
      tag: 'admin',
      access: admin,
      query: z.object({ limit: limitQuery(500, 100) }),
    },
    async (ctx) => {
      const refs = await host.sessions.list(null, ctx.query.limit);
      const sessions = (await Promise.all(refs.map((r) => billing.getSession(r.id)))).filter(
        (s): s is Session => s !== null,
      );
      return await adminSessionViews(services, sessions);
    },
  );

  api.post(
    '/admin/refunds',
    {
      summary:
        "Refund a session fully or in part, from the consultant's and the platform's shares in proportion. When the consultant was paid out since and their wallet no longer holds their share, 409 CONSULTANT_PAID_OUT (details: shortfall) unless absorbShortfall is true: then the consultant's remaining balance is taken first and system:refunds funds the rest",
      tag: 'admin',
      access: admin,
      body: refundBody,
      status: 201,
    },
    async (ctx) => {
      const actor = caller(ctx);
      const session = await billing.getSession(ctx.body.sessionId);
      if (!session)
        throw new HostError('SESSION_NOT_FOUND', `no session ${ctx.body.sessionId}`, { field: 'sessionId' });
      const [before] = await adminSessionViews(services, [session]);
      const refundable = before?.refundable ?? 0;
      if ((ctx.body.amount ?? refundable) > refundable || refundable === 0) {
        throw new HostError(
          'REFUND_EXCEEDS_ORIGINAL',
          `at most ${refundable} paise of session ${session.id} can still be refunded`,
          { field: 'amount', details: { refundable } },
        );
      }
      const refundId = randomUUID();
      const { transaction, shortfall, cover } = await refundSession(services, session, {
        amount: ctx.body.amount,
        refundId,
        absorbShortfall: ctx.body.absorbShortfall ?? false,
      });
      const refunded = transaction.postings.find((p) => p.accountId === session.userId)?.amount ?? 0;
      await services.audit(actor.id, 'refund', session.id, {
        refundId,
        transactionId: transaction.id,
        requested: ctx.body.amount ?? 'all',
        refunded,
        reason: ctx.body.reason ?? null,
        ...(cover ? { shortfallAbsorbed: shortfall, coverTransactionId: cover.id } : {}),
      });
      // The refund stands even if its credit note is not issued now: reading the invoice issues it.
      const creditNote = await issueCreditNote(services, session, transaction).catch((error: unknown) => {
        services.logger.warn({ err: error, refundId }, 'credit note not issued with the refund (issued when read)');
        return null;
      });
      const account = await wallet.getAccount(session.userId);
      const [after] = await adminSessionViews(services, [session]);
      return {
        session: after,
        refundId,
        creditNote: creditNote?.number ?? null,
        transactionId: transaction.id,
        sessionId: session.id,
        refunded,
        shortfallAbsorbed: shortfall,
        userBalance: account?.balance ?? 0,
      };
    },
  );

  api.post(
    '/admin/accounts/:id/freeze',
    {
      summary: 'Freeze or unfreeze an account: login, API, open connections, live consultations (ended) and its wallet',
      tag: 'admin',
      access: admin,
      body: z.object({ frozen: z.boolean() }),
    },
    async (ctx) => {
      const actor = caller(ctx);
      const id = ctx.params.id ?? '';
      if (id === actor.id) throw new HostError('FORBIDDEN', 'an admin cannot freeze their own account');
      const user = await (ctx.body.frozen ? freezeAccount(services, id) : unfreezeAccount(services, id));
      if (!user) throw new HostError('ACCOUNT_NOT_FOUND', `no account ${id}`);
      await services.audit(actor.id, ctx.body.frozen ? 'freeze' : 'unfreeze', id);
      return publicUser(user);
    },
  );

  api.get(
    '/admin/reviews',
    { summary: 'All ratings and reviews', tag: 'admin', access: admin },
    async () => await host.ratings.list(null),
  );

  api.post('/admin/reviews/:id/hide', { summary: 'Hide a review', tag: 'admin', access: admin }, async (ctx) => {
    const rating = await host.ratings.setHidden(ctx.params.id ?? '', true);
    if (!rating) throw new HostError('REVIEW_NOT_FOUND', `no review ${ctx.params.id}`);
    await services.audit(caller(ctx).id, 'hide_review', rating.id, { sessionId: rating.sessionId });
    return rating;
  });

  api.get(
    '/admin/revenue',
    {
      summary:
        'Platform revenue report over every billed session, in one report query, and every session refund, in one refund report: the platform balance (after refunds), what sessions billed (userCharged is gross, before refunds), refunded, and netCharged = userCharged − refunded',
      tag: 'admin',
      access: admin,
    },
    async () => {
      const revenue = await wallet.getAccount(SYSTEM_ACCOUNTS.revenue);
      const rows = await billingReport(services.stores.billing, {
        from: 0,
        to: services.clock.now() + 1,
        groupBy: 'consultant',
      });
      const sum = (pick: (row: ReportRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
      // Every session refund names its consultant: one row per consultant, so the answer stays small.
      const refunds = await wallet.refundReport({ field: 'consultantId', groupBy: 'field' });
      const refunded = refunds.reduce((total, row) => total + row.refunded, 0);
      return {
        currency: revenue?.currency ?? 'INR',
        platformBalance: revenue?.balance ?? 0,
        billedSessions: sum((row) => row.sessions),
        secondsBilled: sum((row) => row.seconds),
        userCharged: sum((row) => row.userCharged),
        refunded,
        netCharged: sum((row) => row.userCharged) - refunded,
        consultantShare: sum((row) => row.consultantShare),
        commission: sum((row) => row.commission),
      };
    },
  );

  api.get(
    '/admin/audit',
    {
      summary: 'The audit log, newest first',
      tag: 'admin',
      access: admin,
      query: z.object({ limit: limitQuery(500, 100) }),
    },
    async (ctx) => await host.audit.latest(ctx.query.limit),
  );
}
