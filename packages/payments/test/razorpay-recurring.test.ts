import { inspect } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type AutoRechargeEvent, createAutoRecharger } from '../src/auto-recharge.js';
import { createRazorpayProvider, type RazorpayProviderOptions } from '../src/providers/razorpay/index.js';
import { FAKE_TOKEN_DECLINED, FAKE_TOKEN_OK, startFakeRazorpay } from '../src/testing/razorpay.js';
import { errorOf } from './rejections.js';
import { world } from './world.js';

const keyId = 'rzp_test_1DP5mmOlF5G5ag';
const keySecret = 'thisisthekeysecret_0123456789';
const webhookSecret = 'thisisthewebhooksecret_0123456789';
const RECURRING = '/v1/payments/create/recurring';

/** Payments through Razorpay (a local fake), and Asha as a Razorpay customer with saved tokens. */
async function recurringWorld(options: Partial<RazorpayProviderOptions> = {}) {
  const { fake, baseUrl } = await startFakeRazorpay(keyId, keySecret, webhookSecret);
  onTestFinished(() => fake.close());
  const provider = createRazorpayProvider({ keyId, keySecret, webhookSecret, baseUrl, ...options });
  const w = await world(() => provider);
  const customerRef = fake.addCustomer('asha@example.com', '+919876543210');
  const method = (token: string) => ({ customerRef, methodRef: token });
  /** The payment the fake accepted on a Razorpay order. */
  const paymentOf = (providerOrderId: string) => {
    const payment = [...fake.payments.values()].find((p) => p.order_id === providerOrderId);
    if (!payment) throw new Error(`the fake holds no payment of ${providerOrderId}`);
    return payment;
  };
  return { w, fake, customerRef, method, paymentOf };
}

describe('razorpay: charging a saved token', () => {
  it('creates an auto-captured order and a recurring payment on the token, and stays pending until Razorpay reports the capture', async () => {
    const { w, fake, customerRef, method } = await recurringWorld();
    const { order, charged } = await w.payments.chargeSavedMethod({
      id: 'order-1',
      userId: 'user:asha',
      amount: 20_000,
      method: method(FAKE_TOKEN_OK),
    });
    expect(charged).toBe(true);
    expect(order).toMatchObject({ status: 'created', providerOrderId: expect.stringMatching(/^order_/) });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/customers/${customerRef}`,
      'POST /v1/orders',
      `POST ${RECURRING}`,
    ]);
    const [, created, recurring] = fake.requests;
    const notes = { userId: 'user:asha', orderId: 'order-1' };
    expect(created?.body).toEqual({
      amount: 20_000,
      currency: 'INR',
      receipt: 'order-1',
      notes,
      payment_capture: true,
    });
    expect(recurring?.body).toEqual({
      amount: 20_000,
      currency: 'INR',
      order_id: order.providerOrderId,
      customer_id: customerRef,
      token: FAKE_TOKEN_OK,
      recurring: '1',
      email: 'asha@example.com',
      contact: '+919876543210',
      notes,
    });
    expect(await w.balanceOf('user:asha')).toBe(0);
  });

  it('takes the email and contact from contactOf, without reading the Razorpay customer', async () => {
    const contactOf = async (userId: string) => ({ email: `${userId.slice(5)}@example.org`, contact: '9000000001' });
    const { w, fake, method } = await recurringWorld({ contactOf });
    await w.payments.chargeSavedMethod({
      id: 'order-1',
      userId: 'user:asha',
      amount: 20_000,
      method: method('token_ok'),
    });
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/orders', RECURRING]);
    expect(fake.requests[1]?.body).toMatchObject({ email: 'asha@example.org', contact: '9000000001' });
  });

  it('its payment.captured webhook, delivered five times with order.paid, credits once, found by the linked order id', async () => {
    const { w, fake, method, paymentOf } = await recurringWorld();
    const charge = { id: 'order-1', userId: 'user:asha', amount: 20_000, method: method(FAKE_TOKEN_OK) };
    const { order } = await w.payments.chargeSavedMethod(charge);
    const captured = fake.captureRecurring(String(paymentOf(order.providerOrderId).id));
    const payment = JSON.parse(captured.body).payload.payment.entity;
    // Without notes the order can only be found by the Razorpay order id the charge linked.
    const withoutNotes = fake.webhook('payment.captured', { payment: { ...payment, notes: [] } });
    const paid = fake.webhook('order.paid', { payment, order: fake.orders.get(order.providerOrderId) ?? payment });
    await Promise.all([
      ...Array.from({ length: 5 }, () => w.payments.handleWebhook(withoutNotes.body, withoutNotes.headers)),
      w.payments.handleWebhook(captured.body, captured.headers),
      w.payments.handleWebhook(paid.body, paid.headers),
    ]);
    expect(await w.balanceOf('user:asha')).toBe(20_000);
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'paid', paymentId: payment.id });
    expect(await w.payments.chargeSavedMethod(charge)).toMatchObject({ charged: false, order: { status: 'paid' } });
    expect(fake.requests.filter((r) => r.path === RECURRING)).toHaveLength(1);
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('a charge whose answer was lost is credited by its webhook, found through notes.orderId', async () => {
    const { w, fake, method, paymentOf } = await recurringWorld();
    fake.failNext(500, true, RECURRING);
    const charge = { id: 'order-1', userId: 'user:asha', amount: 20_000, method: method(FAKE_TOKEN_OK) };
    const lost = await errorOf(w.payments.chargeSavedMethod(charge));
    expect(lost.code).toBe('PROVIDER_ERROR');
    for (const text of [lost.message, JSON.stringify(lost), inspect(lost, { depth: 10 })]) {
      expect(text).not.toContain(keySecret);
    }
    const unlinked = await w.store.getOrder('order-1');
    expect(unlinked).toMatchObject({ status: 'failed', providerOrderId: 'pending:order-1' });
    const [razorpayOrderId] = fake.orders.keys();
    const captured = fake.captureRecurring(String(paymentOf(razorpayOrderId ?? '').id));
    for (let i = 0; i < 5; i++) await w.payments.handleWebhook(captured.body, captured.headers);
    expect(await w.balanceOf('user:asha')).toBe(20_000);
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'paid', providerOrderId: razorpayOrderId });
  });

  it('an order.paid webhook of an unlinked order is found through the receipt', async () => {
    const { w, fake, method, paymentOf } = await recurringWorld();
    fake.failNext(500, true, RECURRING);
    const charge = { id: 'order-1', userId: 'user:asha', amount: 20_000, method: method(FAKE_TOKEN_OK) };
    await errorOf(w.payments.chargeSavedMethod(charge));
    const [razorpayOrder] = fake.orders.values();
    const payment = fake.captureRecurring(String(paymentOf(razorpayOrder?.id ?? '').id));
    const entity = { ...JSON.parse(payment.body).payload.payment.entity, notes: [] };
    const paid = fake.webhook('order.paid', { payment: entity, order: razorpayOrder ?? entity });
    await w.payments.handleWebhook(paid.body, paid.headers);
    expect(await w.balanceOf('user:asha')).toBe(20_000);
  });

  it('an unknown token is PROVIDER_ERROR, not a decline, and the order is recorded failed', async () => {
    const { w, method } = await recurringWorld();
    const charge = { id: 'order-1', userId: 'user:asha', amount: 20_000, method: method('token_unknown') };
    const error = await errorOf(w.payments.chargeSavedMethod(charge));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(String((error.cause as Error).message)).toContain('HTTP 400 BAD_REQUEST_ERROR');
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'failed' });
  });

  it('refuses a contactOf that is not a function, naming it', () => {
    const create = () =>
      createRazorpayProvider({ keyId, keySecret, webhookSecret, contactOf: 'asha' as unknown as () => never });
    expect(create).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'contactOf' } }));
  });
});

describe('razorpay: auto-recharge on a saved token', () => {
  async function rechargeWorld(token: string) {
    const setup = await recurringWorld();
    const events: AutoRechargeEvent[] = [];
    const errors: unknown[] = [];
    const setting = { threshold: 5_000, amount: 20_000, method: setup.method(token) };
    const recharger = createAutoRecharger({
      wallet: setup.w.wallet,
      payments: setup.w.payments,
      clock: setup.w.clock,
      settingOf: async (userId) => (userId === 'user:asha' ? setting : null),
      onEvent: (event) => events.push(event),
      onError: (error) => errors.push(error),
    });
    setup.w.wallet.on('transaction', (transaction) => recharger.onTransaction(transaction));
    await setup.w.wallet.topUp({ id: 'seed', to: 'user:asha', amount: 10_000 });
    const spend = (id: string, amount: number) =>
      setup.w.wallet.transfer({ id, from: 'user:asha', to: 'consultant:guru', amount });
    const recurringCalls = () => setup.fake.requests.filter((r) => r.path === RECURRING).length;
    return { ...setup, events, errors, recharger, spend, recurringCalls };
  }

  it('a crossing charges the token once and its webhook tops the wallet up once', async () => {
    const t = await rechargeWorld(FAKE_TOKEN_OK);
    await Promise.all(Array.from({ length: 10 }, (_, i) => t.spend(`tick-${i}`, 600)));
    await t.recharger.idle();
    expect(t.recurringCalls()).toBe(1);
    const [event] = t.events;
    const order = event && 'result' in event ? event.result.order : expect.fail('expected a charge');
    expect(order.status).toBe('created');
    const captured = t.fake.captureRecurring(String(t.paymentOf(order.providerOrderId).id));
    for (let i = 0; i < 5; i++) await t.w.payments.handleWebhook(captured.body, captured.headers);
    await t.recharger.idle();
    expect(await t.w.balanceOf('user:asha')).toBe(10_000 - 6_000 + 20_000);
    expect(t.errors).toEqual([]);
  });

  it('a declined token records the order failed with the reason, credits nothing, and is not tried again', async () => {
    const t = await rechargeWorld(FAKE_TOKEN_DECLINED);
    const debit = await t.spend('tick-1', 6_000);
    await t.recharger.idle();
    const [event] = t.events;
    const order = event && 'result' in event ? event.result.order : expect.fail('expected a charge');
    expect(order).toMatchObject({ status: 'failed', failureReason: 'payment_failed: Payment failed' });
    expect(order.providerOrderId).toMatch(/^order_/);
    // The same crossing seen again, and further debits below the threshold, charge nothing.
    t.recharger.onTransaction(debit);
    await t.spend('tick-2', 1_000);
    await t.recharger.idle();
    expect(t.recurringCalls()).toBe(1);
    expect(await t.w.balanceOf('user:asha')).toBe(3_000);
    expect(t.errors).toEqual([]);
  });
});
