import { z } from 'zod';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { autoRechargeRoutes } from './auto-recharge-routes.js';
import { limitQuery, walletSchema } from './schemas.js';

const statementQuery = z.object({ cursor: z.string().max(500).optional(), limit: limitQuery(200, 50) });

/** The caller's wallet; admins have none. */
async function ownWallet(services: Services, accountId: string) {
  const account = await services.wallet.getAccount(accountId);
  if (!account) throw new HostError('ACCOUNT_NOT_FOUND', 'this account has no wallet');
  return {
    balance: account.balance,
    available: account.available,
    currency: account.currency,
    frozen: account.frozen,
    // What a consultation needs available to start, so a page can say so before the request is refused.
    minimumStartSeconds: services.config.minStartBalanceSeconds,
  };
}

/** Wallet, statement and auto-recharge routes (top-ups are in `payment-routes.ts`, auto-recharge in `auto-recharge-routes.ts`). */
export function walletRoutes(api: ApiRouter, services: Services): void {
  api.get(
    '/wallet',
    { summary: 'My wallet', tag: 'wallet', access: ['user', 'consultant'], response: walletSchema },
    async (ctx) => ownWallet(services, caller(ctx).id),
  );

  api.get(
    '/wallet/statement',
    { summary: 'My statement, newest first', tag: 'wallet', access: ['user', 'consultant'], query: statementQuery },
    async (ctx) => {
      const page = await services.wallet.statement(caller(ctx).id, {
        limit: ctx.query.limit,
        ...(ctx.query.cursor ? { cursor: ctx.query.cursor } : {}),
      });
      return {
        entries: page.entries.map((e) => ({
          transactionId: e.transactionId,
          kind: e.kind,
          amount: e.amount,
          balanceAfter: e.balanceAfter,
          metadata: e.metadata,
          createdAt: e.createdAt,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  autoRechargeRoutes(api, services);
}
