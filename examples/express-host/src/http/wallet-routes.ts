import type { RequestHandler } from 'express';
import { z } from 'zod';
import { HostError } from '../errors.js';
import { webhookBodySchema } from '../payments.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { limitQuery, paise, walletSchema } from './schemas.js';

const statementQuery = z.object({ cursor: z.string().max(500).optional(), limit: limitQuery(200, 50) });
/** Enabling takes a threshold and an amount, each at most `MAX_TOP_UP`, like a top-up. */
const autoRechargeBody = (maxTopUp: number) =>
  z.union([
    z.object({ enabled: z.literal(false) }),
    z.object({ threshold: paise.max(maxTopUp), amount: paise.max(maxTopUp), enabled: z.literal(true).optional() }),
  ]);
const orderSchema = z.object({ orderId: z.string(), amount: z.number().int(), status: z.enum(['created', 'paid']) });

/** The caller's wallet; admins have none. */
async function ownWallet(services: Services, accountId: string) {
  const account = await services.wallet.getAccount(accountId);
  if (!account) throw new HostError('ACCOUNT_NOT_FOUND', 'this account has no wallet');
  return { balance: account.balance, available: account.available, currency: account.currency, frozen: account.frozen };
}

/** Wallet, statement, auto-recharge and top-up routes; `limitTopUp` rate-limits order creation and payment. */
export function walletRoutes(api: ApiRouter, services: Services, limitTopUp: RequestHandler): void {
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
      return setting ? { enabled: true, threshold: setting.threshold, amount: setting.amount } : { enabled: false };
    },
  );

  api.put(
    '/wallet/auto-recharge',
    {
      summary:
        'Top up by `amount` from a saved payment method each time a debit takes the balance below `threshold`. Enabling answers 409 PAYMENT_METHOD_REQUIRED while no provider keeps saved payment methods (production mode, for now)',
      tag: 'wallet',
      access: ['user'],
      body: autoRechargeBody(services.config.maxTopUp),
    },
    async (ctx) => {
      const userId = caller(ctx).id;
      const body = ctx.body;
      if ('threshold' in body) {
        if (!services.autoRecharge) {
          throw new HostError(
            'PAYMENT_METHOD_REQUIRED',
            'auto-recharge charges a saved payment method, and no configured payment provider keeps one',
          );
        }
        await services.host.autoRecharge.set({ userId, threshold: body.threshold, amount: body.amount });
        return { enabled: true, threshold: body.threshold, amount: body.amount };
      }
      await services.host.autoRecharge.clear(userId);
      return { enabled: false };
    },
  );

  api.post(
    '/payments/orders',
    {
      summary: 'Create a top-up order at the payment provider',
      tag: 'payments',
      access: ['user'],
      body: z.object({ amount: paise.max(services.config.maxTopUp) }),
      response: orderSchema,
      status: 201,
    },
    async (ctx) => {
      const order = await services.payments.createOrder(caller(ctx).id, ctx.body.amount);
      return { orderId: order.id, amount: order.amount, status: order.status };
    },
    limitTopUp,
  );

  api.post(
    '/payments/webhook',
    {
      summary: 'Payment provider webhook: credits the order once, however often it is called',
      tag: 'payments',
      access: 'public',
      raw: true,
      headers: { 'x-signature': 'hex(HMAC-SHA256(secret, raw body))' },
      body: webhookBodySchema,
    },
    async ({ req }) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from(JSON.stringify(req.body ?? {}));
      const { order } = await services.payments.handleWebhook(raw, req.header('x-signature'));
      return { orderId: order.id, status: order.status };
    },
  );

  api.post(
    '/payments/orders/:id/pay',
    { summary: 'Demo only: the simulated provider pays the order (signed webhook)', tag: 'payments', access: ['user'] },
    async (ctx) => {
      const { simulated } = services;
      if (!simulated) throw new HostError('NOT_FOUND', 'the simulated checkout exists in demo mode only');
      const order = await services.host.orders.byId(ctx.params.id ?? '');
      if (!order || order.userId !== caller(ctx).id)
        throw new HostError('ORDER_NOT_FOUND', `no order ${ctx.params.id}`);
      const { wallet } = await simulated.pay(order.id);
      return {
        status: 'paid',
        wallet: { balance: wallet.balance, available: wallet.available, currency: wallet.currency },
      };
    },
    limitTopUp,
  );
}
