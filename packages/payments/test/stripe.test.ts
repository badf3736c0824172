import { describe, expect, it } from 'vitest';
import { createStripeProvider } from '../src/providers/stripe/index.js';
import { signedWebhook } from '../src/testing/fake-stripe.js';
import { codeOf, errorOf } from './rejections.js';
import { NOW, PUBLISHABLE_KEY, SECRET_KEY, stripeWorld, WEBHOOK_SECRET } from './stripe-world.js';

describe('a Stripe checkout', () => {
  it("opens a PaymentIntent with the order's amount, currency and ids under the order's key, and hands the client no secret key", async () => {
    const w = await stripeWorld();
    const order = await w.start();
    expect(w.fake.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/payment_intents',
        authorization: `Bearer ${SECRET_KEY}`,
        idempotencyKey: 'order:order-1',
        form: {
          amount: '50000',
          currency: 'inr',
          'metadata[orderId]': 'order-1',
          'metadata[userId]': 'user:asha',
          'automatic_payment_methods[enabled]': 'true',
        },
        replayed: false,
      },
    ]);
    expect(order.providerOrderId).toMatch(/^pi_/);
    expect(order.checkout).toEqual({
      provider: 'stripe',
      publishableKey: PUBLISHABLE_KEY,
      clientSecret: w.fake.intent(order.providerOrderId)?.client_secret,
      providerOrderId: order.providerOrderId,
      amount: 50_000,
      currency: 'INR',
    });
    expect(JSON.stringify(order)).not.toMatch(/sk_test|whsec_/);
  });

  it('a checkout opened twice for one order is replayed by Stripe; a different body under its key is a conflict', async () => {
    const w = await stripeWorld();
    const request = { orderId: 'order-1', userId: 'user:asha', amount: 50_000, currency: 'INR' };
    const first = await w.provider.createCheckout(request);
    const second = await w.provider.createCheckout(request);
    expect(second).toEqual(first);
    expect(w.fake.requests.map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ['order:order-1', false],
      ['order:order-1', true],
    ]);
    expect(await codeOf(w.provider.createCheckout({ ...request, amount: 60_000 }))).toBe('IDEMPOTENCY_CONFLICT');
  });
});

describe('crediting a Stripe payment', () => {
  it('a payment_intent.succeeded webhook delivered ten times and raced against the client confirmation credits once', async () => {
    const w = await stripeWorld();
    const order = await w.start();
    const paid = w.webhook('payment_intent.succeeded', w.fake.succeed(order.providerOrderId));
    const confirmation = { payment_intent: order.providerOrderId };
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => w.payments.handleWebhook(paid.body, paid.headers)),
      w.payments.confirmTopUp({ userId: 'user:asha', confirmation }),
      w.payments.confirmTopUp({ userId: 'user:asha', confirmation }),
    ]);
    expect(results).toHaveLength(12);
    // Each confirmation asked Stripe for the intent instead of trusting the client.
    expect(w.fake.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(await w.balanceOf('user:asha')).toBe(50_000);
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'paid', paymentId: order.providerOrderId });
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('forged, stale, tampered, unknown, foreign-currency and unsigned webhooks are refused with a code and write nothing', async () => {
    const w = await stripeWorld();
    const order = await w.start();
    const intent = w.fake.succeed(order.providerOrderId);
    const genuine = w.webhook('payment_intent.succeeded', intent);
    const tampered = genuine.body.replace('"amount_received":50000', '"amount_received":5000000');
    expect(tampered).not.toBe(genuine.body);
    const refuse = (body: string, headers: Record<string, string | string[]>) =>
      codeOf(w.payments.handleWebhook(body, headers));
    const cases: Array<[string, Promise<string>]> = [
      ['INVALID_SIGNATURE', refuse(tampered, genuine.headers)],
      ['INVALID_SIGNATURE', refuse(genuine.body, {})],
      ['INVALID_SIGNATURE', refuse(genuine.body, { 'stripe-signature': [genuine.headers['stripe-signature']] })],
      ['INVALID_SIGNATURE', refuse(genuine.body, { 'stripe-signature': `t=${NOW / 1000},v1=${'0'.repeat(64)}` })],
      ['INVALID_SIGNATURE', refuse(genuine.body, signedWebhook(genuine.body, 'whsec_another0123', NOW).headers)],
      // Only a genuine signature learns that it is stale: a forged old one is just forged.
      [
        'INVALID_SIGNATURE',
        refuse(genuine.body, signedWebhook(genuine.body, 'whsec_another0123', NOW - 600_000).headers),
      ],
      ['STALE_EVENT', refuse(genuine.body, signedWebhook(genuine.body, WEBHOOK_SECRET, NOW - 301_000).headers)],
    ];
    const resigned = (patch: Record<string, unknown>) => w.webhook('payment_intent.succeeded', { ...intent, ...patch });
    for (const [code, patch] of [
      ['AMOUNT_MISMATCH', { amount_received: 5_000_000 }],
      ['AMOUNT_MISMATCH', { amount_received: 100 }],
      ['CURRENCY_MISMATCH', { currency: 'usd' }],
      ['ORDER_NOT_FOUND', { id: 'pi_unknown0123' }],
    ] as const) {
      const event = resigned(patch);
      cases.push([code, refuse(event.body, event.headers)]);
    }
    for (const [code, attempt] of cases) expect(await attempt).toBe(code);
    expect(await w.balanceOf('user:asha')).toBe(0);
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'created', paymentId: null });
  });

  it('a confirmation credits only an intent Stripe reports succeeded, and only to its own user', async () => {
    const w = await stripeWorld();
    const order = await w.start();
    const confirm = (payment_intent: unknown, userId = 'user:asha') =>
      w.payments.confirmTopUp({ userId, confirmation: { payment_intent } });
    w.fake.update(order.providerOrderId, { status: 'processing' });
    expect(await codeOf(confirm(order.providerOrderId))).toBe('PAYMENT_NOT_CAPTURED');
    for (const bad of [undefined, 42, '', 'ch_123', 'pi_1/../../v1/refunds']) {
      expect(await errorOf(confirm(bad))).toMatchObject({
        code: 'INVALID_INPUT',
        details: { field: 'payment_intent' },
      });
    }
    expect(await codeOf(confirm('pi_unknown0123'))).toBe('ORDER_NOT_FOUND');
    w.fake.succeed(order.providerOrderId);
    expect(await codeOf(confirm(order.providerOrderId, 'user:ravi'))).toBe('ORDER_NOT_FOUND');
    expect(await w.balanceOf('user:asha')).toBe(0);
    const credited = await confirm(order.providerOrderId);
    expect(credited.transactionId).toBe(`payment:stripe:${order.providerOrderId}`);
    expect(await w.balanceOf('user:asha')).toBe(50_000);
    expect(await w.balanceOf('user:ravi')).toBe(0);
  });

  it("a payment_intent.payment_failed webhook marks the order failed with Stripe's reason; a later success still credits", async () => {
    const w = await stripeWorld();
    const order = await w.start();
    const declined = w.fake.update(order.providerOrderId, {
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
    });
    const failed = w.webhook('payment_intent.payment_failed', declined);
    expect((await w.payments.handleWebhook(failed.body, failed.headers)).order).toMatchObject({
      status: 'failed',
      failureReason: 'Your card was declined.',
    });
    const paid = w.webhook('payment_intent.succeeded', w.fake.succeed(order.providerOrderId));
    await w.payments.handleWebhook(paid.body, paid.headers);
    expect(await w.balanceOf('user:asha')).toBe(50_000);
    const other = w.webhook('payment_intent.created', declined);
    expect((await w.payments.handleWebhook(other.body, other.headers)).event).toMatchObject({ type: 'ignored' });
  });
});

describe('refunding through Stripe', () => {
  /** A world where order-1 is paid through a verified webhook. */
  async function paidWorld() {
    const w = await stripeWorld();
    const order = await w.start();
    const paid = w.webhook('payment_intent.succeeded', w.fake.succeed(order.providerOrderId));
    await w.payments.handleWebhook(paid.body, paid.headers);
    return { ...w, intentId: order.providerOrderId };
  }

  it('a refund whose answer was lost is retried under the same key: Stripe refunds once and the wallet is debited once', async () => {
    const w = await paidWorld();
    const request = { refundId: 'refund-1', orderId: 'order-1', amount: 20_000 };
    // The SDK retries a closed connection once under the same key even with retries off; both answers are lost.
    w.fake.failNext('lose-response');
    w.fake.failNext('lose-response');
    expect(await codeOf(w.payments.refundTopUp(request))).toBe('PROVIDER_ERROR');
    expect(await w.balanceOf('user:asha')).toBe(30_000);
    const refund = await w.payments.refundTopUp(request);
    expect(refund).toMatchObject({ status: 'processed', amount: 20_000, providerRefundId: w.fake.refunds()[0]?.id });
    expect(await w.payments.refundTopUp(request)).toEqual(refund);
    const calls = w.fake.requests.filter((r) => r.path === '/v1/refunds');
    expect(calls.map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ['refund:refund-1', false],
      ['refund:refund-1', true],
      ['refund:refund-1', true],
    ]);
    expect(calls[0]?.form).toEqual({ payment_intent: w.intentId, amount: '20000', 'metadata[refundId]': 'refund-1' });
    expect(w.fake.refunds()).toHaveLength(1);
    expect(await w.balanceOf('user:asha')).toBe(30_000);
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('a refund Stripe leaves pending is settled by its refund.updated webhook', async () => {
    const w = await paidWorld();
    w.fake.setRefundStatus('pending');
    const refund = await w.payments.refundTopUp({ refundId: 'refund-1', orderId: 'order-1' });
    expect(refund).toMatchObject({ status: 'pending', amount: 50_000 });
    const stripeRefund = w.fake.refunds()[0] ?? {};
    const stillPending = w.webhook('refund.updated', stripeRefund);
    expect((await w.payments.handleWebhook(stillPending.body, stillPending.headers)).event.type).toBe('ignored');
    const settled = w.webhook('refund.updated', { ...stripeRefund, status: 'succeeded' });
    const outcome = await w.payments.handleWebhook(settled.body, settled.headers);
    expect(outcome.event).toMatchObject({ type: 'refund.processed', paymentId: w.intentId, amount: 50_000 });
    expect(outcome.refund).toMatchObject({ id: 'refund-1', status: 'processed', providerRefundId: stripeRefund.id });
    expect(await w.balanceOf('user:asha')).toBe(0);
  });

  it('a charge.refunded webhook settles the refund it lists, and is ignored when the charge lists none', async () => {
    const w = await paidWorld();
    w.fake.setRefundStatus('pending');
    await w.payments.refundTopUp({ refundId: 'refund-1', orderId: 'order-1' });
    const stripeRefund = { ...w.fake.refunds()[0], status: 'succeeded' };
    const bare = w.webhook('charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: w.intentId });
    expect((await w.payments.handleWebhook(bare.body, bare.headers)).event.type).toBe('ignored');
    const charge = { id: 'ch_1', object: 'charge', payment_intent: w.intentId, refunds: { data: [stripeRefund] } };
    const listed = w.webhook('charge.refunded', charge);
    expect((await w.payments.handleWebhook(listed.body, listed.headers)).refund).toMatchObject({ status: 'processed' });
  });
});

describe('Stripe failures', () => {
  it('a 500, a dropped connection or an unreachable server is PROVIDER_ERROR holding no secret key', async () => {
    const w = await stripeWorld();
    w.fake.failNext('server-error');
    const serverError = await errorOf(w.start('order-1'));
    // Dropped twice: the SDK retries a closed connection once on its own.
    w.fake.failNext('network');
    w.fake.failNext('network');
    const dropped = await errorOf(w.start('order-2'));
    const order = await w.start('order-3');
    await w.fake.close();
    const unreachable = await errorOf(
      w.payments.confirmTopUp({ userId: 'user:asha', confirmation: { payment_intent: order.providerOrderId } }),
    );
    expect(serverError.details).toMatchObject({ provider: 'stripe', statusCode: 500 });
    for (const error of [serverError, dropped, unreachable]) {
      expect(error.code).toBe('PROVIDER_ERROR');
      const cause =
        error.cause instanceof Error ? `${error.cause.name} ${error.cause.message} ${error.cause.stack}` : '';
      for (const text of [error.message, JSON.stringify(error), String(error), cause]) {
        expect(text).not.toContain(SECRET_KEY);
        expect(text).not.toContain(WEBHOOK_SECRET);
      }
    }
    // The 500 did echo the key: the redaction above is what kept it out.
    expect((serverError.cause as Error).message).toContain('[redacted]');
    expect(await w.store.getOrder('order-1')).toBeNull();
    expect(await w.balanceOf('user:asha')).toBe(0);
  });

  it('options are checked field by field, without echoing a key', async () => {
    const valid = { secretKey: SECRET_KEY, publishableKey: PUBLISHABLE_KEY, webhookSecret: WEBHOOK_SECRET };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['secretKey', { secretKey: PUBLISHABLE_KEY }],
      ['secretKey', { secretKey: `${SECRET_KEY}\n` }],
      ['publishableKey', { publishableKey: 'pk_live_51Fake0123456789' }],
      ['webhookSecret', { webhookSecret: undefined }],
      ['toleranceSeconds', { toleranceSeconds: 0 }],
      ['api.port', { api: { host: '127.0.0.1', port: 70_000 } }],
    ];
    for (const [field, patch] of cases) {
      const error = await errorOf((async () => createStripeProvider({ ...valid, ...patch } as typeof valid))());
      expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { field } });
      for (const value of [...Object.values(valid), ...Object.values(patch)]) {
        if (typeof value === 'string') expect(error.message).not.toContain(value.trim());
      }
    }
  });
});
