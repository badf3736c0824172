import { inspect } from 'node:util';
import { validatePaymentVerification, validateWebhookSignature } from 'razorpay/dist/utils/razorpay-utils.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createRazorpayProvider, type RazorpayProvider } from '../src/providers/razorpay/index.js';
import { startFakeRazorpay } from '../src/testing/fake-razorpay.js';
import { errorOf } from './rejections.js';
import { world } from './world.js';

const keyId = 'rzp_test_1DP5mmOlF5G5ag';
const keySecret = 'thisisthekeysecret_0123456789';
const webhookSecret = 'thisisthewebhooksecret_0123456789';

/** A world whose payments go to Razorpay, which is a fake on 127.0.0.1 for the length of the test. */
async function razorpayWorld() {
  const { fake, baseUrl } = await startFakeRazorpay(keyId, keySecret, webhookSecret);
  onTestFinished(() => fake.close());
  const provider: RazorpayProvider = createRazorpayProvider({ keyId, keySecret, webhookSecret, baseUrl });
  const w = await world(() => provider);
  const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
  return { w, fake, provider, order };
}

describe('razorpay: opening a checkout', () => {
  it('creates an order at Razorpay with the amount, currency and receipt; the checkout holds no secret', async () => {
    const { fake, order } = await razorpayWorld();
    expect(fake.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/orders',
        body: {
          amount: 50_000,
          currency: 'INR',
          receipt: 'order-1',
          notes: { userId: 'user:asha', orderId: 'order-1' },
        },
      }),
    ]);
    expect(order.providerOrderId).toMatch(/^order_/);
    expect(fake.orders.get(order.providerOrderId)).toMatchObject({ amount: 50_000, receipt: 'order-1' });
    expect(order.checkout).toEqual({
      provider: 'razorpay',
      keyId,
      providerOrderId: order.providerOrderId,
      amount: 50_000,
      currency: 'INR',
    });
    expect(JSON.stringify(order)).not.toMatch(new RegExp(`${keySecret}|${webhookSecret}`));
  });

  it('refuses options without a key id, key secret or webhook secret, naming the field', () => {
    for (const field of ['keyId', 'keySecret', 'webhookSecret'] as const) {
      const create = () => createRazorpayProvider({ keyId, keySecret, webhookSecret, [field]: '' });
      expect(create).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field } }));
    }
  });
});

describe('razorpay: crediting a captured payment', () => {
  it('a captured webhook delivered ten times, order.paid, and the raced client confirmation credit once', async () => {
    const { w, fake, order } = await razorpayWorld();
    const { payment, confirmation } = fake.pay(order.providerOrderId);
    const captured = fake.webhook('payment.captured', { payment });
    const paid = fake.webhook('order.paid', { payment, order: fake.orders.get(order.providerOrderId) ?? payment });
    // The fake signs exactly as the SDK's own checks expect.
    const { razorpay_order_id, razorpay_payment_id, razorpay_signature } = confirmation;
    const pair = { order_id: razorpay_order_id, payment_id: razorpay_payment_id };
    expect(validatePaymentVerification(pair, razorpay_signature, keySecret)).toBe(true);
    expect(validateWebhookSignature(captured.body, captured.headers['x-razorpay-signature'] ?? '', webhookSecret)).toBe(
      true,
    );
    await Promise.all([
      ...Array.from({ length: 10 }, () => w.payments.handleWebhook(captured.body, captured.headers)),
      w.payments.handleWebhook(Buffer.from(paid.body), paid.headers),
      w.payments.confirmTopUp({ userId: 'user:asha', confirmation }),
      w.payments.confirmTopUp({ userId: 'user:asha', confirmation }),
    ]);
    expect(await w.balanceOf('user:asha')).toBe(50_000);
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'paid', paymentId: payment.id });
    expect(fake.requests.filter((r) => r.path === `/v1/payments/${payment.id}`)).toHaveLength(2);
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('forged, unsigned, tampered, re-signed, unknown, foreign-currency and malformed webhooks are refused and write nothing', async () => {
    const { w, fake, order } = await razorpayWorld();
    const { payment } = fake.pay(order.providerOrderId);
    const genuine = fake.webhook('payment.captured', { payment });
    const tampered = genuine.body.replace('"amount":50000', '"amount":5000000');
    const reSigned = fake.webhook('payment.captured', { payment: { ...payment, amount: 100 } });
    const unknown = fake.webhook('payment.captured', { payment: { ...payment, order_id: 'order_unknown00001' } });
    const dollars = fake.webhook('payment.captured', { payment: { ...payment, currency: 'USD' } });
    const malformed = fake.webhook('payment.captured', { payment: { ...payment, amount: '50000' } });
    const { 'x-razorpay-signature': _, ...unsigned } = genuine.headers;
    const cases: [string, string, Record<string, string>][] = [
      ['INVALID_SIGNATURE', genuine.body, fake.webhook('payment.captured', { payment }, 'not-the-secret').headers],
      ['INVALID_SIGNATURE', genuine.body, unsigned],
      ['INVALID_SIGNATURE', tampered, genuine.headers],
      ['AMOUNT_MISMATCH', reSigned.body, reSigned.headers],
      ['ORDER_NOT_FOUND', unknown.body, unknown.headers],
      ['CURRENCY_MISMATCH', dollars.body, dollars.headers],
      ['INVALID_INPUT', malformed.body, malformed.headers],
    ];
    for (const [code, body, headers] of cases) {
      expect((await errorOf(w.payments.handleWebhook(body, headers))).code).toBe(code);
    }
    expect(await w.balanceOf('user:asha')).toBe(0);
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'created', paymentId: null });
  });

  it('a confirmation of a payment Razorpay reports authorized, not captured, credits nothing', async () => {
    const { w, fake, order } = await razorpayWorld();
    const { confirmation } = fake.pay(order.providerOrderId, { status: 'authorized' });
    const error = await errorOf(w.payments.confirmTopUp({ userId: 'user:asha', confirmation }));
    expect(error.code).toBe('PAYMENT_NOT_CAPTURED');
    expect(await w.balanceOf('user:asha')).toBe(0);
  });

  it('a confirmation with a forged or missing signature is refused before Razorpay is asked', async () => {
    const { w, fake, order } = await razorpayWorld();
    const { confirmation } = fake.pay(order.providerOrderId);
    const forged = { ...confirmation, razorpay_signature: 'ab'.repeat(32) };
    const { razorpay_signature: _, ...unsigned } = confirmation;
    for (const bad of [forged, unsigned, { ...confirmation, razorpay_order_id: 'order_other0000001' }]) {
      expect((await errorOf(w.payments.confirmTopUp({ userId: 'user:asha', confirmation: bad }))).code).toBe(
        'INVALID_SIGNATURE',
      );
    }
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/orders']);
  });

  it('a failed payment marks the order failed with its reason; other events are ignored by their Razorpay name', async () => {
    const { w, fake, order } = await razorpayWorld();
    const { payment } = fake.pay(order.providerOrderId, { status: 'failed' });
    const failed = fake.webhook('payment.failed', { payment });
    const outcome = await w.payments.handleWebhook(failed.body, failed.headers);
    expect(outcome.event.eventId).toBe(failed.headers['x-razorpay-event-id']);
    expect(outcome.order).toMatchObject({ status: 'failed', failureReason: 'Payment was declined by the bank' });
    const other = fake.webhook('payment.authorized', { payment });
    const { 'x-razorpay-event-id': _, ...withoutId } = other.headers;
    const ignored = await w.payments.handleWebhook(other.body, withoutId);
    expect(ignored.event).toMatchObject({ type: 'ignored', providerType: 'payment.authorized' });
    expect(ignored.event.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('razorpay: refunds', () => {
  async function paidWorld() {
    const setup = await razorpayWorld();
    const { confirmation, payment } = setup.fake.pay(setup.order.providerOrderId);
    await setup.w.payments.confirmTopUp({ userId: 'user:asha', confirmation });
    return { ...setup, payment };
  }

  it('a refund reaches Razorpay with its amount, receipt and idempotency key, and is recorded processed', async () => {
    const { w, fake, payment } = await paidWorld();
    const refund = await w.payments.refundTopUp({ refundId: 'refund-0001', orderId: 'order-1', amount: 20_000 });
    const sent = fake.requests.find((r) => r.path === `/v1/payments/${payment.id}/refund`);
    expect(sent?.body).toEqual({ amount: 20_000, receipt: 'refund-0001', notes: { refundId: 'refund-0001' } });
    expect(sent?.headers['x-refund-idempotency']).toBe('refund-0001');
    expect(refund).toMatchObject({
      status: 'processed',
      amount: 20_000,
      providerRefundId: expect.stringMatching(/^rfnd_/),
    });
    expect(await w.balanceOf('user:asha')).toBe(30_000);
  });

  it('a pending refund is settled by the refund.processed webhook', async () => {
    const { w, fake, payment } = await paidWorld();
    fake.refundStatus = 'pending';
    const pending = await w.payments.refundTopUp({ refundId: 'refund-0001', orderId: 'order-1' });
    expect(pending).toMatchObject({ status: 'pending', amount: 50_000 });
    const refund = fake.refunds.get(pending.providerRefundId ?? '');
    if (!refund) throw new Error('the fake holds no such refund');
    const processed = fake.webhook('refund.processed', { refund: { ...refund, status: 'processed' }, payment });
    const outcome = await w.payments.handleWebhook(processed.body, processed.headers);
    expect(outcome.refund).toMatchObject({ id: 'refund-0001', status: 'processed' });
  });

  it('a refund retried after a lost answer carries the same idempotency key, so Razorpay refunds once', async () => {
    const { w, fake } = await paidWorld();
    fake.failNext(500, true);
    const lost = await errorOf(w.payments.refundTopUp({ refundId: 'refund-0001', orderId: 'order-1' }));
    expect(lost.code).toBe('PROVIDER_ERROR');
    const retried = await w.payments.refundTopUp({ refundId: 'refund-0001', orderId: 'order-1' });
    expect(retried.status).toBe('processed');
    expect(fake.refunds.size).toBe(1);
    expect(await w.balanceOf('user:asha')).toBe(0);
  });
});

describe('razorpay: failures', () => {
  it('a 500 from Razorpay is PROVIDER_ERROR whose message, JSON and cause never hold the key secret', async () => {
    const { w, fake } = await razorpayWorld();
    fake.failNext(500);
    const error = await errorOf(w.payments.startTopUp({ id: 'order-2', userId: 'user:asha', amount: 10_000 }));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(String((error.cause as Error).message)).toMatch(/^HTTP 500 SERVER_ERROR/);
    for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(keySecret);
    }
    expect(await w.store.getOrder('order-2')).toBeNull();
  });

  it('an unreachable Razorpay is PROVIDER_ERROR naming the network error', async () => {
    const { fake, baseUrl } = await startFakeRazorpay(keyId, keySecret, webhookSecret);
    await fake.close();
    const provider = createRazorpayProvider({ keyId, keySecret, webhookSecret, baseUrl });
    const w = await world(() => provider);
    const error = await errorOf(w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 10_000 }));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(String((error.cause as Error).message)).toContain('ECONNREFUSED');
  });
});
