import { randomBytes, randomUUID } from 'node:crypto';
import { SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Cast, castOf, type Json, startTestHost, type TestHost } from './helpers.js';
import { exitOfHost } from './processes.js';
import type { Webhook } from './providers.js';

/** Every way the host takes payments: production with each real provider (a local fake of it), demo simulated. */
const SETUPS = [
  { mode: 'production', provider: 'stripe' },
  { mode: 'production', provider: 'razorpay' },
  { mode: 'demo', provider: 'simulated' },
] as const;

/** The body with every quoted `from` replaced by `to`: what the provider would have signed had it said so. */
const rewritten = (webhook: Webhook, from: string, to: string) => webhook.body.replaceAll(`"${from}"`, `"${to}"`);

describe.each(SETUPS)('top-ups in $mode mode through the $provider provider', ({ mode, provider }) => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost(mode, mode === 'production' ? { provider } : {});
    cast = await castOf(t, { connected: false });
    return () => t.close();
  });

  const balance = async () => (await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.balance as number;
  const newOrder = (amount = 20_000) => t.order(cast.asha.token, amount);
  const confirm = (confirmation: Readonly<Record<string, string>>) =>
    t.call('POST', '/api/payments/confirm', { token: cast.asha.token, body: { confirmation } });
  /** The order as the user's list shows it (the manual clock stands still: orders of one instant tie). */
  const listed = async (orderId: string) =>
    ((await t.call('GET', '/api/payments/orders', { token: cast.asha.token })).body as Json[]).find(
      (o) => o.orderId === orderId,
    );
  /** The wallet's top-up entries of one order. */
  const creditsOf = async (orderId: string) => {
    const { body } = await t.call('GET', '/api/wallet/statement?limit=200', { token: cast.asha.token });
    return body.entries.filter((e: Json) => e.kind === 'topup' && e.metadata.orderId === orderId);
  };
  const expectRefused = (answer: { status: number; body: Json }, status: number, code: string) =>
    expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code });

  it('an order names its provider and hands the client a checkout, never a secret', async () => {
    const order = await newOrder();
    expect(order).toMatchObject({ provider, amount: 20_000, status: 'created' });
    expect(order.orderId).toMatch(/^order_[0-9a-f]{32}$/);
    expect(order.checkout.providerOrderId).toEqual(expect.any(String));
    for (const [name, value] of Object.entries(t.provider.env)) {
      if (/SECRET/.test(name)) expect(JSON.stringify(order)).not.toContain(value);
    }
  });

  it("a webhook replayed ten times and raced against the client's confirmation credits once", async () => {
    const order = await newOrder();
    const { webhook, confirmation } = await t.provider.pay(order.checkout.providerOrderId);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => t.postWebhook(webhook)),
      confirm(confirmation),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 11 }, () => 200));
    expect(answers[10]?.body).toMatchObject({
      order: { orderId: order.orderId, status: 'paid' },
      wallet: { balance: 70_000 },
    });
    expect(await balance()).toBe(70_000);
    expect(await creditsOf(order.orderId)).toHaveLength(1);
    // And afterwards: the same webhook, the same confirmation, still nothing more.
    expect((await t.postWebhook(webhook)).status).toBe(200);
    expect((await confirm(confirmation)).status).toBe(200);
    expect(await balance()).toBe(70_000);
    expect(await listed(order.orderId)).toMatchObject({ status: 'paid', amount: 20_000 });
  });

  it('a webhook not signed by the provider is 400 INVALID_SIGNATURE, tampered or not, and credits nothing', async () => {
    const order = await newOrder();
    const { webhook } = await t.provider.pay(order.checkout.providerOrderId);
    const forged = { body: webhook.body, headers: t.provider.sign(webhook.body, { forged: true }) };
    expectRefused(await t.postWebhook(forged), 400, 'INVALID_SIGNATURE');
    expectRefused(await t.postWebhook({ body: webhook.body, headers: {} }), 400, 'INVALID_SIGNATURE');
    // The provider's signature over the order's amount, on a body that claims 90,000: tampered in transit.
    const tampered = webhook.body.replace('20000', '90000');
    expect(tampered).not.toBe(webhook.body);
    expectRefused(await t.postWebhook({ body: tampered, headers: webhook.headers }), 400, 'INVALID_SIGNATURE');
    expect(await balance()).toBe(50_000);
    expect(await creditsOf(order.orderId)).toEqual([]);
    // The genuine webhook still credits.
    expect((await t.postWebhook(webhook)).status).toBe(200);
    expect(await balance()).toBe(70_000);
  });

  it.runIf(provider !== 'razorpay')(
    'a signed webhook older than five minutes is 400 STALE_EVENT (Razorpay signs no timestamp)',
    async () => {
      const order = await newOrder();
      const { webhook } = await t.provider.pay(order.checkout.providerOrderId, { at: t.clock.now() - 10 * 60_000 });
      expectRefused(await t.postWebhook(webhook), 400, 'STALE_EVENT');
      expect(await balance()).toBe(50_000);
    },
  );

  it("a capture of another amount than the order's is 422 AMOUNT_MISMATCH, by webhook or confirmation", async () => {
    const order = await newOrder();
    const { webhook, confirmation } = await t.provider.pay(order.checkout.providerOrderId, { amount: 5_000 });
    expectRefused(await t.postWebhook(webhook), 422, 'AMOUNT_MISMATCH');
    expectRefused(await confirm(confirmation), 422, 'AMOUNT_MISMATCH');
    expect(await balance()).toBe(50_000);
    expect(await listed(order.orderId)).toMatchObject({ status: 'created' });
  });

  it('a signed webhook for an order the host never made is 404 ORDER_NOT_FOUND and credits nothing', async () => {
    const order = await newOrder();
    const providerOrderId: string = order.checkout.providerOrderId;
    const { webhook } = await t.provider.pay(providerOrderId);
    const body = rewritten(webhook, providerOrderId, `${providerOrderId}9`);
    expectRefused(await t.postWebhook({ body, headers: t.provider.sign(body) }), 404, 'ORDER_NOT_FOUND');
    expect(await balance()).toBe(50_000);
  });

  // A Stripe PaymentIntent is both the order and its one payment: a second payment of it cannot exist.
  it.runIf(provider !== 'stripe')(
    'a second, different payment of a paid order is 409 ORDER_ALREADY_PAID and never reaches the wallet',
    async () => {
      const order = await newOrder();
      const first = await t.provider.pay(order.checkout.providerOrderId);
      expect((await t.postWebhook(first.webhook)).status).toBe(200);
      const second = await t.provider.pay(order.checkout.providerOrderId);
      expectRefused(await t.postWebhook(second.webhook), 409, 'ORDER_ALREADY_PAID');
      expect(await balance()).toBe(70_000);
    },
  );

  it("a confirmation of another user's order is 404 and credits nobody", async () => {
    const order = await newOrder();
    const { confirmation } = await t.provider.pay(order.checkout.providerOrderId);
    const eve = await t.call('POST', '/api/auth/register', {
      body: { name: 'Eve', email: 'eve@example.com', password: 'secret123', role: 'user' },
    });
    const stolen = await t.call('POST', '/api/payments/confirm', { token: eve.body.token, body: { confirmation } });
    expectRefused(stolen, 404, 'ORDER_NOT_FOUND');
    expect(await balance()).toBe(50_000);
  });

  describe('an admin refund of a top-up', () => {
    const refund = (orderId: string, key: string | undefined, body: object = {}) =>
      t.call('POST', `/api/admin/payments/orders/${orderId}/refund`, {
        token: cast.admin.token,
        body,
        ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
      });

    it('is refused with 409 FUNDS_ALREADY_SPENT once the money is spent, writing nothing', async () => {
      const order = await newOrder();
      expect((await t.postWebhook((await t.provider.pay(order.checkout.providerOrderId)).webhook)).status).toBe(200);
      // Asha spends all but 10,000 of her 70,000.
      const { wallet } = t.host.services;
      await wallet.transfer({ id: 'spent', from: cast.asha.id, to: SYSTEM_ACCOUNTS.revenue, amount: 60_000 });
      expectRefused(await refund(order.orderId, randomUUID()), 409, 'FUNDS_ALREADY_SPENT');
      expect(await balance()).toBe(10_000);
      const audit = (await t.call('GET', '/api/admin/audit', { token: cast.admin.token })).body as Json[];
      expect(audit.filter((entry) => entry.action === 'refund_top_up')).toEqual([]);
    });

    it('of unspent money succeeds once per key; another key finds nothing left to refund', async () => {
      const order = await newOrder();
      expect((await t.postWebhook((await t.provider.pay(order.checkout.providerOrderId)).webhook)).status).toBe(200);
      expect(await balance()).toBe(70_000);
      const missing = await refund(order.orderId, undefined);
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key' });
      const key = randomUUID();
      const first = await refund(order.orderId, key);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ orderId: order.orderId, amount: 20_000, userBalance: 50_000 });
      expect(first.body.status).not.toBe('failed');
      const again = await Promise.all([refund(order.orderId, key), refund(order.orderId, key)]);
      for (const answer of again) {
        expect(answer.status).toBe(201);
        expect(answer.body).toMatchObject({ refundId: first.body.refundId, amount: 20_000, userBalance: 50_000 });
      }
      expectRefused(await refund(order.orderId, randomUUID()), 409, 'REFUND_EXCEEDS_PAYMENT');
      expect(await balance()).toBe(50_000);
      const audit = (await t.call('GET', '/api/admin/audit', { token: cast.admin.token })).body as Json[];
      expect(audit.filter((entry) => entry.action === 'refund_top_up')).toEqual([
        expect.objectContaining({ target: order.orderId, details: expect.objectContaining({ amount: 20_000 }) }),
      ]);
      const orders = await t.call('GET', `/api/admin/payments/orders?userId=${encodeURIComponent(cast.asha.id)}`, {
        token: cast.admin.token,
      });
      expect(orders.body.map((o: Json) => o.orderId)).toContain(order.orderId);
      expect((await refund(order.orderId, randomUUID(), {})).status).toBe(409);
      // Only an admin refunds.
      const byUser = await t.call('POST', `/api/admin/payments/orders/${order.orderId}/refund`, {
        token: cast.asha.token,
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(byUser.status).toBe(403);
    });
  });
});

describe('consultant payouts with the manual provider (production mode)', () => {
  let t: TestHost;
  let cast: Cast;
  /** Guru's earnings after a 10-minute video consultation with Asha. */
  let earned: number;
  beforeEach(async () => {
    t = await startTestHost('production');
    cast = await castOf(t);
    const { body: session } = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'video' },
    });
    await t.call('POST', `/api/consultations/${session.id}/accept`, { token: cast.guru.token });
    await t.advance(10 * 60_000);
    const { body: ended } = await t.call('POST', `/api/consultations/${session.id}/end`, { token: cast.asha.token });
    earned = ended.summary.consultantShare;
    return () => t.close();
  });

  const payout = (amount: number, key: string) =>
    t.call('POST', '/api/payouts', { token: cast.guru.token, body: { amount }, headers: { 'idempotency-key': key } });
  const earnings = async () => (await t.call('GET', '/api/earnings', { token: cast.guru.token })).body;
  const settle = (id: string, outcome: 'paid' | 'failed', note = 'NEFT UTR 123456') =>
    t.call('POST', `/api/admin/payouts/${id}/settle`, { token: cast.admin.token, body: { outcome, note } });
  const waiting = async () =>
    (await t.call('GET', '/api/admin/payouts?status=requested', { token: cast.admin.token })).body as Json[];
  const setAside = async () => (await t.host.services.wallet.getAccount(SYSTEM_ACCOUNTS.payouts))?.balance;

  it('a payout requested twice with one key is one payout, set aside once, waiting for an operator', async () => {
    expect(earned).toBeGreaterThanOrEqual(20_000);
    const key = randomUUID();
    const [first, second] = await Promise.all([payout(15_000, key), payout(15_000, key)]);
    expect(first?.status).toBe(201);
    expect(second?.body).toEqual(first?.body);
    expect(first?.body).toMatchObject({ status: 'requested', amount: 15_000, provider: 'manual' });
    expect((await payout(15_000, key)).body).toEqual(first?.body);
    expect((await earnings()).balance).toBe(earned - 15_000);
    expect(await setAside()).toBe(15_000);
    expect((await waiting()).map((p) => p.id)).toEqual([first?.body.id]);
    expect((await earnings()).payouts).toEqual([expect.objectContaining({ id: first?.body.id, status: 'requested' })]);
  });

  it('settled paid by the operator, the money leaves the platform; settling again the other way is 409', async () => {
    const requested = (await payout(15_000, randomUUID())).body;
    expect((await settle(requested.id, 'paid')).status).toBe(200);
    expect(await setAside()).toBe(0);
    expect((await earnings()).balance).toBe(earned - 15_000);
    expect(await waiting()).toEqual([]);
    expect((await earnings()).payouts[0]).toMatchObject({ status: 'paid', note: 'NEFT UTR 123456' });
    expect((await settle(requested.id, 'paid')).body).toMatchObject({ status: 'paid' });
    const other = await settle(requested.id, 'failed');
    expect([other.status, other.body.error.code]).toEqual([409, 'PAYOUT_ALREADY_SETTLED']);
    expect((await earnings()).balance).toBe(earned - 15_000);
    const audit = (await t.call('GET', '/api/admin/audit', { token: cast.admin.token })).body as Json[];
    expect(audit.filter((entry) => entry.action === 'settle_payout')).toEqual([
      expect.objectContaining({ target: requested.id, details: expect.objectContaining({ outcome: 'paid' }) }),
    ]);
  });

  it('settled failed, the money goes back to the consultant, who can request it again', async () => {
    const requested = (await payout(15_000, randomUUID())).body;
    expect((await earnings()).balance).toBe(earned - 15_000);
    const failed = await settle(requested.id, 'failed', 'account closed');
    expect(failed.body).toMatchObject({ status: 'failed', note: 'account closed' });
    expect((await earnings()).balance).toBe(earned);
    expect(await setAside()).toBe(0);
    expect((await payout(15_000, randomUUID())).body).toMatchObject({ status: 'requested' });
    expect((await earnings()).balance).toBe(earned - 15_000);
  });

  it('only an admin sees and settles payouts; an unknown payout is 404', async () => {
    const requested = (await payout(15_000, randomUUID())).body;
    const byConsultant = await t.call('POST', `/api/admin/payouts/${requested.id}/settle`, {
      token: cast.guru.token,
      body: { outcome: 'paid', note: 'me' },
    });
    expect(byConsultant.status).toBe(403);
    expect((await t.call('GET', '/api/admin/payouts', { token: cast.guru.token })).status).toBe(403);
    const unknown = await settle('payout_unknown', 'paid');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PAYOUT_NOT_FOUND']);
    expect(await setAside()).toBe(15_000);
  });
});

describe('the payment provider at start-up', () => {
  it('PAYMENT_PROVIDER=simulated with DEMO=false exits 78 naming PAYMENT_PROVIDER', async () => {
    const env = { STORE: 'memory', JWT_SECRET: randomBytes(32).toString('hex'), PAYMENT_PROVIDER: 'simulated' };
    const { code, output } = await exitOfHost(env);
    expect(code).toBe(78);
    expect(output).toContain('Invalid environment variable PAYMENT_PROVIDER');
  });

  it('production without a payment provider exits 78 naming PAYMENT_PROVIDER', async () => {
    const { code, output } = await exitOfHost({ STORE: 'memory', JWT_SECRET: randomBytes(32).toString('hex') });
    expect(code).toBe(78);
    expect(output).toContain('Invalid environment variable PAYMENT_PROVIDER');
  });
});
