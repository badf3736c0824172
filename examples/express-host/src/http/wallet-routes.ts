import { z } from 'zod';
import { HostError } from '../errors.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { limitQuery, paise, topUpAmount, walletSchema } from './schemas.js';

const statementQuery = z.object({ cursor: z.string().max(500).optional(), limit: limitQuery(200, 50) });
/** Enabling takes a threshold at most `MAX_TOP_UP` and an amount that is a top-up's. */
const autoRechargeBody = (maxTopUp: number) =>
  z.union([
    z.object({ enabled: z.literal(false) }),
    z.object({ threshold: paise.max(maxTopUp), amount: topUpAmount(maxTopUp), enabled: z.literal(true).optional() }),
  ]);

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

/** The saved method demo mode's simulated provider charges: it charges nobody. */
export const demoSavedMethod = (userId: string) => ({ customerRef: `sim_cust_${userId}`, methodRef: 'card_demo' });

/** Wallet, statement and auto-recharge routes (top-ups are in `payment-routes.ts`). */
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

  api.get(
    '/wallet/auto-recharge',
    { summary: 'My auto-recharge setting', tag: 'wallet', access: ['user'] },
    async (ctx) => {
      const setting = await services.host.autoRecharge.settingOf(caller(ctx).id);
      if (!setting) return { enabled: false };
      // A setting saved before methods were kept has none, and charges nothing until one is saved.
      return {
        enabled: true,
        threshold: setting.threshold,
        amount: setting.amount,
        methodSaved: setting.method !== null,
      };
    },
  );

  api.put(
    '/wallet/auto-recharge',
    {
      summary:
        'Top up by `amount` from a saved payment method each time a debit takes the balance below `threshold`: once per crossing, at most 3 charges a day, a declined charge never retried. In demo mode enabling it saves a simulated card. With a real provider, enabling answers 409 PAYMENT_METHOD_REQUIRED until a payment method is saved (saving a card is not offered yet); disabling always works',
      tag: 'wallet',
      access: ['user'],
      body: autoRechargeBody(services.config.maxTopUp),
    },
    async (ctx) => {
      const userId = caller(ctx).id;
      const body = ctx.body;
      if ('threshold' in body) {
        const saved = (await services.host.autoRecharge.settingOf(userId))?.method ?? null;
        const method = services.simulated ? demoSavedMethod(userId) : saved;
        if (!method) {
          throw new HostError(
            'PAYMENT_METHOD_REQUIRED',
            'auto-recharge charges a saved payment method, and this account has none saved',
          );
        }
        await services.host.autoRecharge.set({ userId, threshold: body.threshold, amount: body.amount, method });
        return { enabled: true, threshold: body.threshold, amount: body.amount };
      }
      await services.host.autoRecharge.clear(userId);
      return { enabled: false };
    },
  );
}
