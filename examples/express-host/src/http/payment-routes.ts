import { randomUUID } from 'node:crypto';
import type { PaymentOrder } from '@jyotishconnect/payments';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { HostError } from '../errors.js';
import { keepSavedMethod, saveMethodRequest } from '../saved-methods.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { rejectControlCharactersInJson } from './control-characters.js';
import { limitQuery, topUpAmount } from './schemas.js';

/**
 * A new order's id: `order_` and a random UUID's 32 hex digits. 38
 * characters, because Razorpay takes the id as the order's receipt, 40 at most.
 */
export const newOrderId = (): string => `order_${randomUUID().replaceAll('-', '')}`;

const orderStatus = z.enum(['created', 'paid', 'failed']);

/** A top-up order as the API shows it (the checkout only when it is created). */
export const orderSchema = z.object({
  orderId: z.string(),
  provider: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: orderStatus,
  failureReason: z.string().nullable(),
  createdAt: z.number().int(),
  paidAt: z.number().int().nullable(),
});

/** The public view of an order. */
export function orderView(order: PaymentOrder): z.infer<typeof orderSchema> {
  return {
    orderId: order.id,
    provider: order.provider,
    amount: order.amount,
    currency: order.currency,
    status: order.status,
    failureReason: order.failureReason,
    createdAt: order.createdAt,
    paidAt: order.paidAt,
  };
}

const createdOrderSchema = z.object({
  orderId: z.string(),
  provider: z.string(),
  checkout: z.record(z.string(), z.union([z.string(), z.number()])),
  amount: z.number().int(),
  status: orderStatus,
});

/** What the provider's checkout handed the client: `{ payment_intent }` (Stripe) or Razorpay's three fields. */
const confirmBody = z.object({ confirmation: z.record(z.string().max(100), z.string().max(1_000)) });

/** What starting a top-up takes: the amount, and whether to save the card it is paid with (Razorpay also needs a phone number). */
const startBody = (maxTopUp: number) =>
  z.object({
    amount: topUpAmount(maxTopUp),
    saveMethod: z.boolean().optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9]{8,15}$/, 'must be a phone number with its country code, 8 to 15 digits')
      .optional(),
  });

/** A wallet's balances after a payment. */
async function balancesOf(services: Services, userId: string) {
  const account = await services.wallet.getAccount(userId);
  if (!account) throw new HostError('ACCOUNT_NOT_FOUND', 'this account has no wallet');
  return { balance: account.balance, available: account.available, currency: account.currency };
}

/** Top-up routes; `limitTopUp` rate-limits starting, confirming and (demo) paying orders. */
export function paymentRoutes(api: ApiRouter, services: Services, limitTopUp: RequestHandler): void {
  const { payments } = services;

  api.post(
    '/payments/orders',
    {
      summary: `Start a top-up at the payment provider (${payments.provider}). The answer's checkout is what the client opens the provider's checkout with: Stripe.js takes its clientSecret and publishableKey, Razorpay Checkout its keyId and providerOrderId (and, saving a card, customerId and recurring). The wallet is credited only when the provider reports the payment captured: by its signed webhook, or by POST /api/payments/confirm. With saveMethod the card paid with is saved for auto-recharge once the provider reports the payment captured (Razorpay needs the phone number for a new customer: 400 INVALID_INPUT naming saveMethod.contact without it)`,
      tag: 'payments',
      access: ['user'],
      body: startBody(services.config.maxTopUp),
      response: createdOrderSchema,
      status: 201,
    },
    async (ctx) => {
      const user = caller(ctx);
      const { saveMethod, phone } = ctx.body;
      const saving = saveMethod
        ? { saveMethod: await saveMethodRequest(services.host.autoRecharge, payments.provider, user, phone) }
        : {};
      const order = await payments.startTopUp({
        id: newOrderId(),
        userId: user.id,
        amount: ctx.body.amount,
        ...saving,
      });
      const { id: orderId, provider, checkout, amount, status } = order;
      return { orderId, provider, checkout, amount, status };
    },
    limitTopUp,
  );

  api.post(
    '/payments/confirm',
    {
      summary:
        "Credit a paid order from what the provider's checkout returned ({ payment_intent } for Stripe; razorpay_order_id, razorpay_payment_id and razorpay_signature for Razorpay). The host asks the provider itself whether the payment was captured; racing the webhook, it still credits once",
      tag: 'payments',
      access: ['user'],
      body: confirmBody,
    },
    async (ctx) => {
      const userId = caller(ctx).id;
      const { order, savedMethod } = await payments.confirmTopUp({ userId, confirmation: ctx.body.confirmation });
      if (savedMethod) await keepSavedMethod(services.host.autoRecharge, order, savedMethod);
      return { order: orderView(order), wallet: await balancesOf(services, userId) };
    },
    limitTopUp,
  );

  api.post(
    '/payments/webhook',
    {
      summary:
        "The payment provider's webhook. The signature over the raw body is verified first; a captured payment credits its order's wallet once, however often the event arrives. 200 for an event applied or ignored; INVALID_SIGNATURE and STALE_EVENT 400, AMOUNT_MISMATCH and CURRENCY_MISMATCH 422, ORDER_NOT_FOUND 404, ORDER_ALREADY_PAID 409, and nothing written",
      tag: 'payments',
      access: 'public',
      raw: true,
      headers: { [services.webhookSignatureHeader]: `The ${payments.provider} signature of the raw body` },
      body: z.record(z.string(), z.unknown()),
    },
    async ({ req }) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      rejectControlCharactersInJson(raw);
      const { event, order, savedMethod } = await payments.handleWebhook(raw, req.headers);
      // The order's own user, as the payments package stored it: never one the event body names.
      if (order && savedMethod) await keepSavedMethod(services.host.autoRecharge, order, savedMethod);
      return { received: true, event: event.type, orderId: order?.id ?? null, status: order?.status ?? null };
    },
  );

  api.post(
    '/payments/orders/:id/pay',
    {
      summary:
        'Demo mode only: the simulated provider pays the order and sends its signed webhook, which credits the wallet. 404 NOT_FOUND with a real provider: production never simulates a payment',
      tag: 'payments',
      access: ['user'],
    },
    async (ctx) => {
      const { simulated } = services;
      if (!simulated) throw new HostError('NOT_FOUND', 'the simulated checkout exists in demo mode only');
      const userId = caller(ctx).id;
      const order = await payments.getOrder(ctx.params.id ?? '');
      if (!order || order.userId !== userId) throw new HostError('ORDER_NOT_FOUND', `no order ${ctx.params.id}`);
      let paid = order;
      if (order.status !== 'paid') {
        const { webhook } = simulated.pay(order.providerOrderId);
        const outcome = await payments.handleWebhook(webhook.body, webhook.headers);
        paid = outcome.order ?? order;
        if (outcome.savedMethod) await keepSavedMethod(services.host.autoRecharge, paid, outcome.savedMethod);
      }
      return { status: paid.status, order: orderView(paid), wallet: await balancesOf(services, userId) };
    },
    limitTopUp,
  );

  api.get(
    '/payments/orders',
    {
      summary: 'My top-up orders, newest first',
      tag: 'payments',
      access: ['user'],
      query: z.object({ limit: limitQuery(200, 50) }),
      response: z.array(orderSchema),
    },
    async (ctx) => (await payments.ordersOf(caller(ctx).id, ctx.query.limit)).map(orderView),
  );
}
