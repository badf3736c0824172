import { z } from 'zod';
import { analyticsOf } from '../analytics.js';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { oneLine } from '../validation.js';
import { type ApiRouter, caller } from './api.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

const analyticsQuery = z.object({
  from: day,
  to: day,
  groupBy: z.enum(['day', 'consultant']).default('day'),
  consultantId: oneLine.min(1).max(200).optional(),
});

/** `GET /api/admin/analytics`: what consultations billed, by day or by consultant, over a range of days. */
export function analyticsRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/admin/analytics',
    {
      summary: `What consultations billed from one calendar day to another (inclusive, at most 400 days by day): sessions, seconds, user charged (gross), promotions, consultant share and commission, with the session refunds made in those days (refunds, refunded) and netCharged = userCharged − refunded, per day (every day listed, zeros included) or per consultant, with totals; one billing report query and one refund report query. A refund counts on the day it was made. Days are in ANALYTICS_TIME_ZONE (default Asia/Kolkata). Admins see everyone's or one consultant's (consultantId); a consultant sees only their own, and asking for another's is 403 FORBIDDEN`,
      tag: 'admin',
      access: ['admin', 'consultant'],
      query: analyticsQuery,
    },
    async (ctx) => {
      const me = caller(ctx);
      let consultantId = ctx.query.consultantId ?? null;
      if (me.role === 'consultant') {
        if (consultantId !== null && consultantId !== me.id) {
          throw new HostError('FORBIDDEN', 'a consultant sees only their own analytics', { field: 'consultantId' });
        }
        consultantId = me.id;
      }
      return await analyticsOf(services, { ...ctx.query, consultantId });
    },
  );
}
