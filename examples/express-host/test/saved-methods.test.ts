import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, type Json, startTestHost, type TestHost } from './helpers.js';

// Saving a card at a top-up, and auto-recharge charging it, in production
// mode against the local fakes of Stripe and Razorpay (and in demo mode with
// the simulated provider). The package's rules (once per crossing, the daily
// bound) are tested in packages/payments; these check the host's wiring.

const PHONE = '+919876543210';

/** The auto-recharge orders of a user, newest first. */
async function rechargesOf(t: TestHost, userId: string) {
  return (await t.host.services.payments.ordersOf(userId)).filter((order) => order.id.startsWith('auto_'));
}

/** A top-up that saves the card it is paid with: the order, the payment at the provider, and its signed webhook. */
async function topUpSaving(t: TestHost, token: string, amount: number, options: { savedCardDeclines?: boolean } = {}) {
  const created = await t.call('POST', '/api/payments/orders', {
    token,
    body: { amount, saveMethod: true, phone: PHONE },
  });
  expect(created.status).toBe(201);
  expect(created.body.checkout.saveMethod).toBe(1);
  const payment = await t.provider.pay(created.body.checkout.providerOrderId, options);
  return { order: created.body as Json, payment };
}

/** A webhook body whose payment says it is `userId`'s: Stripe's `metadata.userId`, Razorpay's `notes.userId`. */
function claimingUser(body: string, userId: string): string {
  const event = JSON.parse(body);
  const stripeIntent = event.data?.object;
  if (stripeIntent) stripeIntent.metadata = { ...stripeIntent.metadata, userId };
  const razorpayPayment = event.payload?.payment?.entity;
  if (razorpayPayment) razorpayPayment.notes = { userId };
  return JSON.stringify(event);
}

/** Registers another user, with an empty wallet. */
async function signUp(t: TestHost, name: string) {
  const email = `${name.toLowerCase()}@example.com`;
  const { status, body } = await t.call('POST', '/api/auth/register', {
    body: { name, email, password: 'correct horse battery staple', role: 'user' },
  });
  expect(status).toBe(201);
  return { id: body.user.id as string, token: body.token as string };
}

/** Debits Asha `count` times at once, 100 paise each, as ticks in flight would. */
async function debitsInFlight(t: TestHost, cast: Cast, count: number, prefix: string) {
  const { wallet } = t.host.services;
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      wallet.transfer({ id: `${prefix}-${i}`, from: cast.asha.id, to: cast.guru.id, amount: 100 }),
    ),
  );
  await t.idle();
}

describe.each(['stripe', 'razorpay'] as const)('saved cards and auto-recharge in production mode (%s)', (provider) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost('production', { provider });
    cast = await castOf(t, { connected: false });
  });
  afterEach(() => t.close());

  it('a top-up with "save this card" keeps the card for its user, shown by brand and last four only', async () => {
    const token = cast.asha.token;
    const { payment } = await topUpSaving(t, token, 10_000);
    expect((await t.postWebhook(payment.webhook)).status).toBe(200);
    const { body } = await t.call('GET', '/api/wallet/auto-recharge', { token });
    expect(body).toEqual({
      enabled: false,
      method: { brand: 'visa', last4: provider === 'stripe' ? '4242' : '1111' },
      lastRecharge: null,
    });
    // The references stay on the server: never in an answer.
    expect(JSON.stringify(body)).not.toMatch(/cus_|cust_|pm_|token_/);
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(50_000 + 10_000);
  });

  it('auto-recharge at the threshold charges the saved card once, even with ten debits in flight', async () => {
    const token = cast.asha.token;
    const { payment } = await topUpSaving(t, token, 10_000);
    await t.postWebhook(payment.webhook);
    const enable = await t.call('PUT', '/api/wallet/auto-recharge', {
      token,
      body: { threshold: 59_500, amount: 20_000 },
    });
    expect(enable.body).toEqual({ enabled: true, threshold: 59_500, amount: 20_000 });
    // 60,000 → 59,000 in ten debits of 100 at once: one of them crosses 59,500.
    await debitsInFlight(t, cast, 10, 'tick');
    for (const webhook of t.provider.settleOffSession()) expect((await t.postWebhook(webhook)).status).toBe(200);
    expect(t.provider.offSessionCharges()).toBe(1);
    expect(await rechargesOf(t, cast.asha.id)).toEqual([expect.objectContaining({ status: 'paid', amount: 20_000 })]);
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(60_000 - 1_000 + 20_000);
    const { body } = await t.call('GET', '/api/wallet/auto-recharge', { token });
    expect(body).toMatchObject({ enabled: true, methodSaved: true, lastRecharge: { status: 'paid', amount: 20_000 } });
  });

  it('a declined off-session charge is recorded once and shown with its reason; nothing is credited or retried', async () => {
    const token = cast.asha.token;
    const { payment } = await topUpSaving(t, token, 10_000, { savedCardDeclines: true });
    await t.postWebhook(payment.webhook);
    await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 59_500, amount: 20_000 } });
    await debitsInFlight(t, cast, 10, 'tick');
    await debitsInFlight(t, cast, 5, 'more'); // further debits below the threshold charge nothing
    expect(t.provider.offSessionCharges()).toBe(1);
    const [declined, ...others] = await rechargesOf(t, cast.asha.id);
    expect(others).toEqual([]);
    expect(declined).toMatchObject({ status: 'failed', failureReason: expect.any(String) });
    const { body } = await t.call('GET', '/api/wallet/auto-recharge', { token });
    expect(body.lastRecharge).toMatchObject({ status: 'failed', failureReason: declined?.failureReason });
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(60_000 - 1_500);
  });

  it('a forged webhook saves nothing, and a genuine one saves only to its order’s user, whatever its body names', async () => {
    const kiran = await signUp(t, 'Kiran');
    const { order, payment } = await topUpSaving(t, cast.asha.token, 10_000);
    const forged = { body: payment.webhook.body, headers: t.provider.sign(payment.webhook.body, { forged: true }) };
    expect((await t.postWebhook(forged)).status).toBe(400);
    expect(await t.host.services.host.autoRecharge.settingOf(cast.asha.id)).toBeNull();
    // The same payment's genuine webhook, its body claiming Kiran: the card is Asha's, whose order it paid.
    const claimed = claimingUser(payment.webhook.body, kiran.id);
    expect(claimed).toContain(kiran.id);
    const resigned = { body: claimed, headers: t.provider.sign(claimed) };
    expect((await t.postWebhook(resigned)).status).toBe(200);
    expect(await t.host.services.host.autoRecharge.settingOf(kiran.id)).toBeNull();
    expect((await t.host.services.host.autoRecharge.settingOf(cast.asha.id))?.method).not.toBeNull();
    expect((await t.call('GET', '/api/wallet', { token: kiran.token })).body.balance).toBe(0);
    expect((await t.host.services.payments.getOrder(order.orderId))?.status).toBe('paid');
  });

  it('a top-up without "save this card" saves nothing, and enabling auto-recharge then is 409 PAYMENT_METHOD_REQUIRED', async () => {
    const token = cast.asha.token;
    expect((await t.call('GET', '/api/wallet/auto-recharge', { token })).body).toMatchObject({ method: null });
    const enable = await t.call('PUT', '/api/wallet/auto-recharge', {
      token,
      body: { threshold: 5_000, amount: 10_000 },
    });
    expect(enable.status).toBe(409);
    expect(enable.body.error.code).toBe('PAYMENT_METHOD_REQUIRED');
    expect(await t.host.services.host.autoRecharge.settingOf(cast.asha.id)).toBeNull();
  });

  it('removing the saved card turns auto-recharge off: the next crossing charges nothing', async () => {
    const token = cast.asha.token;
    const { payment } = await topUpSaving(t, token, 10_000);
    await t.postWebhook(payment.webhook);
    await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 59_500, amount: 20_000 } });
    const removed = await t.call('DELETE', '/api/wallet/auto-recharge/method', { token });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ enabled: false, method: null, lastRecharge: null });
    await debitsInFlight(t, cast, 10, 'tick');
    expect(t.provider.offSessionCharges()).toBe(0);
    expect(await rechargesOf(t, cast.asha.id)).toEqual([]);
  });

  it('turning auto-recharge off keeps the card; turning it on again charges it', async () => {
    const token = cast.asha.token;
    const { payment } = await topUpSaving(t, token, 10_000);
    await t.postWebhook(payment.webhook);
    await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 59_500, amount: 20_000 } });
    expect((await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { enabled: false } })).body).toEqual({
      enabled: false,
    });
    await debitsInFlight(t, cast, 10, 'off');
    expect(t.provider.offSessionCharges()).toBe(0);
    expect((await t.call('GET', '/api/wallet/auto-recharge', { token })).body.method).toMatchObject({ brand: 'visa' });
    await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 58_500, amount: 20_000 } });
    await debitsInFlight(t, cast, 10, 'on');
    for (const webhook of t.provider.settleOffSession()) await t.postWebhook(webhook);
    expect(t.provider.offSessionCharges()).toBe(1);
  });

  it('only a user saves a card or reads auto-recharge: a consultant is 403, no token is 401', async () => {
    const asConsultant = await t.call('POST', '/api/payments/orders', {
      token: cast.guru.token,
      body: { amount: 10_000, saveMethod: true },
    });
    expect(asConsultant.status).toBe(403);
    expect((await t.call('DELETE', '/api/wallet/auto-recharge/method', { token: cast.guru.token })).status).toBe(403);
    expect((await t.call('DELETE', '/api/wallet/auto-recharge/method')).status).toBe(401);
    expect((await t.call('GET', '/api/wallet/auto-recharge')).status).toBe(401);
  });
});

describe.each(['stripe', 'razorpay'] as const)('the saved card in the logs (%s)', (provider) => {
  it('no log line, at any level, carries the saved card’s references', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const t = await startTestHost('production', { provider, logger: pino({ level: 'trace' }, sink) });
    try {
      const cast = await castOf(t, { connected: false });
      const { payment } = await topUpSaving(t, cast.asha.token, 10_000, { savedCardDeclines: true });
      await t.postWebhook(payment.webhook);
      await t.call('PUT', '/api/wallet/auto-recharge', {
        token: cast.asha.token,
        body: { threshold: 59_500, amount: 20_000 },
      });
      await debitsInFlight(t, cast, 10, 'tick');
      const method = (await t.host.services.host.autoRecharge.settingOf(cast.asha.id))?.method;
      if (!method) throw new Error('no saved card');
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).toContain('auto-recharge declined'); // the decline is logged, its card is not
      for (const line of lines) {
        expect(line).not.toContain(method.methodRef);
        expect(line).not.toContain(method.customerRef);
      }
    } finally {
      await t.close();
    }
  });
});

describe('saving a card in production mode with Razorpay needs a phone number', () => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost('production', { provider: 'razorpay' });
    cast = await castOf(t, { connected: false });
  });
  afterEach(() => t.close());

  it('without one the top-up is 400 naming the field, and a malformed one is refused before Razorpay is asked', async () => {
    const token = cast.asha.token;
    const missing = await t.call('POST', '/api/payments/orders', { token, body: { amount: 10_000, saveMethod: true } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'saveMethod.contact' });
    const malformed = await t.call('POST', '/api/payments/orders', {
      token,
      body: { amount: 10_000, saveMethod: true, phone: 'call me' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone' });
    expect(await t.host.services.payments.ordersOf(cast.asha.id)).toHaveLength(1); // the Rs 500 of the cast only
  });
});

describe('saving a card in demo mode (simulated provider)', () => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost('demo');
    cast = await castOf(t, { connected: false });
  });
  afterEach(() => t.close());

  it('the simulated checkout saves its demo card, and auto-recharge charges it once', async () => {
    const token = cast.asha.token;
    const created = await t.call('POST', '/api/payments/orders', { token, body: { amount: 10_000, saveMethod: true } });
    expect((await t.call('POST', `/api/payments/orders/${created.body.orderId}/pay`, { token })).status).toBe(200);
    expect((await t.call('GET', '/api/wallet/auto-recharge', { token })).body.method).toEqual({
      brand: 'visa',
      last4: '4242',
    });
    await t.call('PUT', '/api/wallet/auto-recharge', { token, body: { threshold: 59_500, amount: 20_000 } });
    await debitsInFlight(t, cast, 10, 'tick');
    expect(await rechargesOf(t, cast.asha.id)).toEqual([expect.objectContaining({ status: 'paid' })]);
  });
});
