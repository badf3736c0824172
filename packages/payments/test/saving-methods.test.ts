import { describe, expect, it, onTestFinished } from 'vitest';
import { createRazorpayProvider } from '../src/providers/razorpay/index.js';
import { startFakeRazorpay } from '../src/testing/razorpay.js';
import { errorOf } from './rejections.js';
import { NOW, stripeWorld } from './stripe-world.js';
import { world } from './world.js';

// A top-up that asks to save its method reports the saved method once, from
// the provider's own verified word, and only for an order started to save one.

const asha = { email: 'asha@example.com', contact: '+919876543210', name: 'Asha' };

describe('stripe: saving a card during a top-up', () => {
  it('creates a customer and an intent with setup_future_usage, and the succeeded webhook reports the card it saved', async () => {
    const s = await stripeWorld();
    const order = await s.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000, saveMethod: asha });
    expect(order.checkout).toMatchObject({ saveMethod: 1 });
    const [customerCall, intentCall] = s.fake.requests;
    expect(customerCall).toMatchObject({ method: 'POST', path: '/v1/customers', idempotencyKey: 'customer:order-1' });
    expect(customerCall?.form).toMatchObject({ email: asha.email, 'metadata[userId]': 'user:asha' });
    const customer = s.fake.intent(order.providerOrderId)?.customer;
    expect(intentCall?.form).toMatchObject({ customer, setup_future_usage: 'off_session' });

    const paid = s.fake.succeed(order.providerOrderId, 'pm_card_mastercard');
    const webhook = s.webhook('payment_intent.succeeded', paid);
    const outcome = await s.payments.handleWebhook(webhook.body, webhook.headers);
    expect(outcome.order?.status).toBe('paid');
    expect(outcome.savedMethod).toEqual({
      customerRef: customer,
      methodRef: paid.payment_method,
      brand: 'mastercard',
      last4: '4444',
    });
    expect(await s.balanceOf('user:asha')).toBe(50_000);
  });

  it('reuses the customer it is given, and the card it saved is then charged off-session', async () => {
    const s = await stripeWorld();
    const first = await s.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000, saveMethod: asha });
    s.fake.succeed(first.providerOrderId);
    const confirmed = await s.payments.confirmTopUp({
      userId: 'user:asha',
      confirmation: { payment_intent: first.providerOrderId },
    });
    const saved = confirmed.savedMethod;
    expect(saved).toMatchObject({ brand: 'visa', last4: '4242' });
    if (!saved) throw new Error('no saved method');

    const again = await s.payments.startTopUp({
      id: 'order-2',
      userId: 'user:asha',
      amount: 50_000,
      saveMethod: { customerRef: saved.customerRef },
    });
    expect(s.fake.requests.filter((r) => r.path === '/v1/customers')).toHaveLength(1);
    expect(s.fake.intent(again.providerOrderId)?.customer).toBe(saved.customerRef);

    const { order } = await s.payments.chargeSavedMethod({
      id: 'auto-1',
      userId: 'user:asha',
      amount: 20_000,
      method: saved,
    });
    expect(order.status).toBe('paid');
    expect(await s.balanceOf('user:asha')).toBe(70_000);
  });

  it('reports the saved card once: the webhook racing the confirmation and a replayed webhook report nothing more', async () => {
    const s = await stripeWorld();
    const order = await s.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000, saveMethod: asha });
    const paid = s.fake.succeed(order.providerOrderId);
    const { body, headers } = s.webhook('payment_intent.succeeded', paid);
    const outcomes = await Promise.all([
      s.payments.confirmTopUp({ userId: 'user:asha', confirmation: { payment_intent: order.providerOrderId } }),
      ...Array.from({ length: 5 }, () => s.payments.handleWebhook(body, headers)),
    ]);
    const reported = outcomes.filter((outcome) => outcome.savedMethod !== null);
    expect(reported.length).toBeGreaterThanOrEqual(1);
    expect(new Set(reported.map((outcome) => outcome.savedMethod?.methodRef)).size).toBe(1);
    expect((await s.payments.handleWebhook(body, headers)).savedMethod).toBeNull();
    expect(await s.balanceOf('user:asha')).toBe(50_000);
  });

  it('a top-up that did not ask to save reports no method, whatever the intent carries', async () => {
    const s = await stripeWorld();
    const order = await s.start();
    expect(order.checkout.saveMethod).toBeUndefined();
    // Even an intent that saved a card (made outside this order's start) is not reported for it.
    const paid = s.fake.update(order.providerOrderId, {
      status: 'succeeded',
      amount_received: 50_000,
      setup_future_usage: 'off_session',
      customer: 'cus_other',
      payment_method: 'pm_card_visa',
    });
    const webhook = s.webhook('payment_intent.succeeded', paid, NOW);
    const outcome = await s.payments.handleWebhook(webhook.body, webhook.headers);
    expect(outcome.order?.status).toBe('paid');
    expect(outcome.savedMethod).toBeNull();
  });

  it('refuses a malformed email or phone, naming the field, before anything reaches Stripe', async () => {
    const s = await stripeWorld();
    const error = await errorOf(
      s.payments.startTopUp({
        id: 'order-1',
        userId: 'user:asha',
        amount: 50_000,
        saveMethod: { email: 'not-an-email' },
      }),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'saveMethod.email' } });
    expect(s.fake.requests).toEqual([]);
  });
});

const keyId = 'rzp_test_1DP5mmOlF5G5ag';
const keySecret = 'thisisthekeysecret_0123456789';
const webhookSecret = 'thisisthewebhooksecret_0123456789';

async function razorpayWorld() {
  const { fake, baseUrl } = await startFakeRazorpay(keyId, keySecret, webhookSecret);
  onTestFinished(() => fake.close());
  const provider = createRazorpayProvider({ keyId, keySecret, webhookSecret, baseUrl });
  return { ...(await world(() => provider)), fake };
}

describe('razorpay: saving a card token during a top-up (recurring authorisation)', () => {
  it('creates the customer and an order with customer_id, method and token; the captured payment reports its token', async () => {
    const r = await razorpayWorld();
    const order = await r.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000, saveMethod: asha });
    const [customerCall, orderCall] = r.fake.requests;
    expect(customerCall).toMatchObject({ method: 'POST', path: '/v1/customers' });
    expect(customerCall?.body).toMatchObject({ email: asha.email, contact: asha.contact, fail_existing: 0 });
    const customerId = [...r.fake.customers.keys()][0];
    expect(orderCall?.body).toMatchObject({
      customer_id: customerId,
      method: 'card',
      token: { max_amount: 1_500_000, frequency: 'as_presented', expire_at: expect.any(Number) },
    });
    expect(order.checkout).toMatchObject({ customerId, recurring: 1, saveMethod: 1 });

    const { payment } = r.fake.pay(order.providerOrderId);
    const webhook = r.fake.webhook('payment.captured', { payment });
    const outcome = await r.payments.handleWebhook(webhook.body, webhook.headers);
    expect(outcome.savedMethod).toEqual({
      customerRef: customerId,
      methodRef: payment.token_id,
      brand: 'visa',
      last4: '1111',
    });
    expect(await r.balanceOf('user:asha')).toBe(50_000);
  });

  it('the confirmation path reads the token from the payment Razorpay returns, and a second top-up reuses the customer', async () => {
    const r = await razorpayWorld();
    const order = await r.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000, saveMethod: asha });
    const { payment, confirmation } = r.fake.pay(order.providerOrderId);
    const { savedMethod } = await r.payments.confirmTopUp({ userId: 'user:asha', confirmation });
    expect(savedMethod).toMatchObject({ methodRef: payment.token_id });
    if (!savedMethod) throw new Error('no saved method');
    await r.payments.startTopUp({
      id: 'order-2',
      userId: 'user:asha',
      amount: 50_000,
      saveMethod: { customerRef: savedMethod.customerRef },
    });
    expect(r.fake.customers.size).toBe(1);
    // The saved token is charged as a recurring payment, captured by Razorpay's webhook.
    const { order: charge } = await r.payments.chargeSavedMethod({
      id: 'auto-1',
      userId: 'user:asha',
      amount: 20_000,
      method: savedMethod,
    });
    expect(charge.status).toBe('created');
    const recurring = [...r.fake.payments.values()].find((p) => p.order_id === charge.providerOrderId);
    const captured = r.fake.captureRecurring(String(recurring?.id));
    const settled = await r.payments.handleWebhook(captured.body, captured.headers);
    expect(settled.order?.status).toBe('paid');
    expect(settled.savedMethod).toBeNull(); // an auto-recharge order did not ask to save
    expect(await r.balanceOf('user:asha')).toBe(70_000);
  });

  it('refuses to save without an email and phone for a new customer, naming the field, and opens no order', async () => {
    const r = await razorpayWorld();
    const error = await errorOf(
      r.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000, saveMethod: { email: asha.email } }),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'saveMethod.contact' } });
    expect(r.fake.orders.size).toBe(0);
    expect(await r.payments.getOrder('order-1')).toBeNull();
  });
});

describe('simulated provider: saving a demo card', () => {
  it('reports its demo card once for an order started to save one', async () => {
    const w = await world();
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000, saveMethod: {} });
    const { webhook } = w.simulated.pay(order.providerOrderId);
    expect((await w.payments.handleWebhook(webhook.body, webhook.headers)).savedMethod).toEqual({
      customerRef: 'sim_cust_user:asha',
      methodRef: 'card_demo',
      brand: 'visa',
      last4: '4242',
    });
    expect((await w.payments.handleWebhook(webhook.body, webhook.headers)).savedMethod).toBeNull();
  });
});
