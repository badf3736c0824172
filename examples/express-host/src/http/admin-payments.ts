import { isJyotishError } from '@jyotishconnect/core';
import type { PaymentRefund } from '@jyotishconnect/payments';
import { z } from 'zod';
import type { Services } from '../services.js';
import { oneLine } from '../validation.js';
import { type ApiRouter, caller } from './api.js';
import { payoutSchema, payoutView } from './earnings.js';
import { IDEMPOTENCY_KEY_DOC, IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, topUpRefundIdOf } from './idempotency.js';
import { orderSchema, orderView } from './payment-routes.js';
import { limitQuery, paise } from './schemas.js';

const refundSchema = z.object({
  refundId: z.string(),
  orderId: z.string(),
  amount: z.number().int(),
  status: z.enum(['pending', 'processed', 'failed']),
  createdAt: z.number().int(),
  userBalance: z.number().int(),
});

const refundView = (refund: PaymentRefund) => ({
  refundId: refund.id,
  orderId: refund.orderId,
  amount: refund.amount,
  status: refund.status,
  createdAt: refund.createdAt,
});

/** The admin's payment routes: a user's top-ups and their refunds, and the payouts waiting for an operator. */
export function adminPaymentRoutes(api: ApiRouter, services: Services): void {
  const { payments, payouts, wallet } = services;
  const admin = ['admin'] as const;

  api.get(
    '/admin/payments/orders',
    {
      summary: "A user's top-up orders, newest first",
      tag: 'admin',
      access: admin,
      query: z.object({ userId: oneLine.min(1).max(200), limit: limitQuery(500, 100) }),
      response: z.array(orderSchema),
    },
    async (ctx) => (await payments.ordersOf(ctx.query.userId, ctx.query.limit)).map(orderView),
  );

  api.post(
    '/admin/payments/orders/:id/refund',
    {
      summary:
        "Refund a top-up, in full or `amount` of it: the user's wallet is debited first, then the provider refunds the payment. 409 FUNDS_ALREADY_SPENT when the money is spent or held, 409 REFUND_EXCEEDS_PAYMENT beyond what is left of it. The Idempotency-Key header is required: the same key refunds once, and retries a refund the provider failed",
      tag: 'admin',
      access: admin,
      body: z.object({ amount: paise.optional() }),
      headers: { [IDEMPOTENCY_KEY_HEADER]: IDEMPOTENCY_KEY_DOC },
      response: refundSchema,
      status: 201,
    },
    async (ctx) => {
      const key = idempotencyKeyOf(ctx.req.header(IDEMPOTENCY_KEY_HEADER));
      const orderId = ctx.params.id ?? '';
      const refundId = topUpRefundIdOf(orderId, key);
      const actorId = caller(ctx).id;
      let refund: PaymentRefund;
      try {
        refund = await payments.refundTopUp({
          refundId,
          orderId,
          ...(ctx.body.amount === undefined ? {} : { amount: ctx.body.amount }),
        });
      } catch (error) {
        // The wallet was debited and the provider failed: the refund waits, pending, for a retry with the same key.
        if (isJyotishError(error, 'PROVIDER_ERROR')) {
          await services.audit(actorId, 'refund_top_up_pending', orderId, { refundId }, `audit:${refundId}:pending`);
        }
        throw error;
      }
      const order = await payments.getOrder(orderId);
      const details = { refundId, amount: refund.amount, status: refund.status, userId: order?.userId ?? null };
      await services.audit(actorId, 'refund_top_up', orderId, details, `audit:${refundId}`);
      const account = order ? await wallet.getAccount(order.userId) : null;
      return { ...refundView(refund), userBalance: account?.balance ?? 0 };
    },
  );

  api.get(
    '/admin/payouts',
    {
      summary:
        'Payouts, newest first: `status=requested` lists those waiting for an operator to pay by bank transfer (manual provider)',
      tag: 'admin',
      access: admin,
      query: z.object({
        status: z.enum(['requested', 'processing', 'paid', 'failed']).optional(),
        consultantId: oneLine.min(1).max(200).optional(),
        limit: limitQuery(500, 100),
      }),
      response: z.array(payoutSchema),
    },
    async (ctx) => {
      const { status, consultantId, limit } = ctx.query;
      const list = await payouts.listPayouts({
        limit,
        ...(status ? { status } : {}),
        ...(consultantId ? { consultantId } : {}),
      });
      return list.map(payoutView);
    },
  );

  api.post(
    '/admin/payouts/:id/settle',
    {
      summary:
        "Settle a requested payout once the bank transfer is done (`paid`: the money leaves the platform) or refused (`failed`: the money returns to the consultant's earnings). Settling again the same way answers the same; the other way is 409 PAYOUT_ALREADY_SETTLED",
      tag: 'admin',
      access: admin,
      body: z.object({ outcome: z.enum(['paid', 'failed']), note: z.string().max(500) }),
      response: payoutSchema,
    },
    async (ctx) => {
      const payoutId = ctx.params.id ?? '';
      const { outcome, note } = ctx.body;
      const payout = await payouts.settlePayout(payoutId, outcome, note);
      const details = { outcome, note, amount: payout.amount, consultantId: payout.consultantId };
      await services.audit(caller(ctx).id, 'settle_payout', payoutId, details, `audit:settle:${payoutId}`);
      return payoutView(payout);
    },
  );
}
