import type { Session } from '@jyotishconnect/billing-engine';
import { STANDALONE_KINDS, type StatementGroup, type TransactionKind } from '@jyotishconnect/wallet-store';
import { z } from 'zod';
import { HostError } from '../errors.js';
import { nameReader } from '../names.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { limitQuery } from './schemas.js';

// The statement a person reads: one row per consultation, named after the
// other party, expandable to the consultation's billing intervals.

const groupedQuery = z.object({
  cursor: z
    .string()
    .max(60)
    .regex(/^\d{1,19}\.\d{1,19}$/, 'is not a statement cursor')
    .optional(),
  limit: limitQuery(200, 20),
});

/** One row of the grouped statement as the API shows it. */
const groupedRowSchema = z.object({
  /** The consultation the row sums up; `null` for a top-up, a refund of a top-up, a payout… */
  sessionId: z.string().nullable(),
  /** The newest entry's transaction. */
  transactionId: z.string(),
  /** `consultation` for a row summing a consultation's charges, otherwise the entry's own kind. */
  kind: z.string(),
  service: z.enum(['chat', 'voice', 'video']).nullable(),
  /** The other party of the consultation (the consultant for a user, the user for a consultant). */
  counterpartName: z.string().nullable(),
  total: z.number().int(),
  count: z.number().int(),
  firstAt: z.number().int(),
  lastAt: z.number().int(),
  balanceAfter: z.number().int().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});

const intervalSchema = z.object({
  transactionId: z.string(),
  kind: z.string(),
  /** The billing interval's number, `null` for an entry that is not one. */
  interval: z.number().int().nullable(),
  amount: z.number().int(),
  balanceAfter: z.number().int().nullable(),
  createdAt: z.number().int(),
});

const isStandalone = (kind: TransactionKind) => STANDALONE_KINDS.includes(kind);

/**
 * The caller's entries of one session, oldest first: its interval charges
 * (and any other entry carrying its id that is not a refund or a top-up),
 * read from the caller's statement since the session was requested.
 */
async function consultationEntries(services: Services, accountId: string, session: Session) {
  const entries = [];
  let cursor: string | undefined;
  do {
    const page = await services.wallet.statement(accountId, {
      limit: 500,
      from: session.requestedAt,
      ...(cursor ? { cursor } : {}),
    });
    for (const e of page.entries) {
      if (e.metadata.sessionId !== session.id || isStandalone(e.kind)) continue;
      const interval = typeof e.metadata.interval === 'number' ? e.metadata.interval : null;
      const { transactionId, kind, amount, balanceAfter, createdAt } = e;
      entries.push({ transactionId, kind, interval, amount, balanceAfter, createdAt });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries.reverse();
}

/** `GET /api/wallet/statement/consultations` and the intervals of one of its rows. */
export function statementRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/wallet/statement/consultations',
    {
      summary:
        "My statement with one row per consultation, newest first: a consultation's interval charges are one row (total, count, first and last time) named after the other party; top-ups, refunds and payouts are rows of their own. `nextCursor` reads older rows, counted as they stood when the first page was read",
      tag: 'wallet',
      access: ['user', 'consultant'],
      query: groupedQuery,
      response: z.object({ rows: z.array(groupedRowSchema), nextCursor: z.string().nullable() }),
    },
    async (ctx) => {
      const me = caller(ctx);
      const page = await services.wallet.groupedStatement(me.id, {
        limit: ctx.query.limit,
        ...(ctx.query.cursor ? { cursor: ctx.query.cursor } : {}),
      });
      const nameOf = nameReader(services);
      const describe = async (row: StatementGroup) => {
        const sessionId = typeof row.metadata.sessionId === 'string' ? row.metadata.sessionId : null;
        const found = sessionId ? await services.billing.getSession(sessionId) : null;
        const session = found && (found.userId === me.id || found.consultantId === me.id) ? found : null;
        const counterpart = session && (session.userId === me.id ? session.consultantId : session.userId);
        return {
          sessionId,
          transactionId: row.transactionId,
          kind: row.key !== null ? 'consultation' : (row.kinds[0] ?? 'transfer'),
          service: session?.service ?? null,
          counterpartName: counterpart ? await nameOf(counterpart) : null,
          total: row.total,
          count: row.count,
          firstAt: row.firstAt,
          lastAt: row.lastAt,
          balanceAfter: row.balanceAfter,
          metadata: row.metadata,
        };
      };
      return { rows: await Promise.all(page.rows.map(describe)), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/wallet/statement/consultations/:sessionId',
    {
      summary:
        "The entries one consultation's row of my grouped statement stands for (its billing intervals), oldest first. 404 SESSION_NOT_FOUND for an unknown session, 403 NOT_A_PARTICIPANT for one I did not take part in",
      tag: 'wallet',
      access: ['user', 'consultant'],
      response: z.object({ sessionId: z.string(), entries: z.array(intervalSchema) }),
    },
    async (ctx) => {
      const me = caller(ctx);
      const sessionId = ctx.params.sessionId ?? '';
      const session = await services.billing.getSession(sessionId, me.id);
      if (!session) throw new HostError('SESSION_NOT_FOUND', `no session ${sessionId}`);
      return { sessionId, entries: await consultationEntries(services, me.id, session) };
    },
  );
}
