import { describe, expect, it } from 'vitest';
import { PaymentError } from '../src/errors.js';
import { SIMULATED_SIGNATURE_HEADER } from '../src/providers/simulated.js';
import { codeOf } from './rejections.js';
import { world } from './world.js';

describe('starting a top-up', () => {
  it('opens an order at the provider once per id; a different body under the same id is a conflict', async () => {
    const w = await world();
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    expect(order).toMatchObject({ status: 'created', provider: 'simulated', amount: 50_000, currency: 'INR' });
    expect(await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 })).toEqual(order);
    expect(await codeOf(w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 60_000 }))).toBe(
      'IDEMPOTENCY_CONFLICT',
    );
  });

  it('refuses amounts outside the bounds, ids with control characters, and wallets that do not exist', async () => {
    const w = await world();
    for (const amount of [0, 99, 10_000_001, 1.5, Number.NaN]) {
      await expect(w.payments.startTopUp({ id: `o-${amount}`, userId: 'user:asha', amount })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        details: { field: 'amount' },
      });
    }
    expect(await codeOf(w.payments.startTopUp({ id: 'o\u0000', userId: 'user:asha', amount: 500 }))).toBe(
      'INVALID_INPUT',
    );
    expect(await codeOf(w.payments.startTopUp({ id: 'o-2', userId: 'user:nobody', amount: 500 }))).toBe(
      'INVALID_INPUT',
    );
    expect(await codeOf(w.payments.startTopUp({ id: 'o-3', userId: 'user:dollar', amount: 500 }))).toBe(
      'CURRENCY_MISMATCH',
    );
    expect(await w.store.getOrder('o-2')).toBeNull();
  });
});

describe('crediting a captured payment', () => {
  it('a webhook delivered ten times and raced against the client confirmation credits once', async () => {
    const w = await world();
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    const paid = w.simulated.pay(order.providerOrderId);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => w.payments.handleWebhook(paid.webhook.body, paid.webhook.headers)),
      w.payments.confirmTopUp({ userId: 'user:asha', confirmation: paid.confirmation }),
      w.payments.confirmTopUp({ userId: 'user:asha', confirmation: paid.confirmation }),
    ]);
    expect(results).toHaveLength(12);
    expect(await w.balanceOf('user:asha')).toBe(50_000);
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'paid', paymentId: paid.paymentId });
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('a second, different payment of a paid order is refused and credits nothing', async () => {
    const w = await world();
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    const first = w.simulated.pay(order.providerOrderId);
    const second = w.simulated.pay(order.providerOrderId);
    await w.payments.handleWebhook(first.webhook.body, first.webhook.headers);
    expect(await codeOf(w.payments.handleWebhook(second.webhook.body, second.webhook.headers))).toBe(
      'ORDER_ALREADY_PAID',
    );
    expect(await w.balanceOf('user:asha')).toBe(50_000);
  });

  it('forged, stale, tampered, unknown and foreign-currency webhooks are refused with a code and write nothing', async () => {
    const w = await world();
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    const genuine = w.simulated.pay(order.providerOrderId);
    const tamperedBody = genuine.webhook.body.replace('"amount":50000', '"amount":5000000');
    const cases: Array<[string, Promise<unknown>]> = [
      ['INVALID_SIGNATURE', w.payments.handleWebhook(tamperedBody, genuine.webhook.headers)],
      ['INVALID_SIGNATURE', w.payments.handleWebhook(genuine.webhook.body, {})],
      [
        'INVALID_SIGNATURE',
        w.payments.handleWebhook(genuine.webhook.body, { [SIMULATED_SIGNATURE_HEADER]: `t=1,v1=${'0'.repeat(64)}` }),
      ],
    ];
    const stale = w.simulated.signWebhook(genuine.webhook.body, w.clock.now() - 600_000);
    cases.push(['STALE_EVENT', w.payments.handleWebhook(genuine.webhook.body, stale)]);
    const overpaid = w.simulated.pay(order.providerOrderId, { amount: 5_000_000 });
    cases.push(['AMOUNT_MISMATCH', w.payments.handleWebhook(overpaid.webhook.body, overpaid.webhook.headers)]);
    const dollars = w.simulated.pay(order.providerOrderId, { currency: 'USD' });
    cases.push(['CURRENCY_MISMATCH', w.payments.handleWebhook(dollars.webhook.body, dollars.webhook.headers)]);
    const unknownBody = genuine.webhook.body.replace(order.providerOrderId, 'sim_order_unknown');
    cases.push(['ORDER_NOT_FOUND', w.payments.handleWebhook(unknownBody, w.simulated.signWebhook(unknownBody))]);
    for (const [code, attempt] of cases) expect(await codeOf(attempt)).toBe(code);
    expect(await w.balanceOf('user:asha')).toBe(0);
    expect(await w.store.getOrder('order-1')).toMatchObject({ status: 'created', paymentId: null });
  });

  it("a confirmation is refused when forged, not captured, or for another user's order", async () => {
    const w = await world();
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    const paid = w.simulated.pay(order.providerOrderId);
    const forged = { ...paid.confirmation, signature: 'ab'.repeat(32) };
    expect(await codeOf(w.payments.confirmTopUp({ userId: 'user:asha', confirmation: forged }))).toBe(
      'INVALID_SIGNATURE',
    );
    expect(await codeOf(w.payments.confirmTopUp({ userId: 'user:ravi', confirmation: paid.confirmation }))).toBe(
      'ORDER_NOT_FOUND',
    );
    const declined = w.simulated.pay(order.providerOrderId, { decline: true });
    expect(await codeOf(w.payments.confirmTopUp({ userId: 'user:asha', confirmation: declined.confirmation }))).toBe(
      'PAYMENT_NOT_CAPTURED',
    );
    expect(await w.balanceOf('user:asha')).toBe(0);
    expect(await w.balanceOf('user:ravi')).toBe(0);
  });

  it('a declined attempt marks the order failed; a later payment still pays it', async () => {
    const w = await world();
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    const declined = w.simulated.pay(order.providerOrderId, { decline: true });
    const failed = await w.payments.handleWebhook(declined.webhook.body, declined.webhook.headers);
    expect(failed.order).toMatchObject({ status: 'failed', failureReason: 'declined' });
    const paid = w.simulated.pay(order.providerOrderId);
    await w.payments.confirmTopUp({ userId: 'user:asha', confirmation: paid.confirmation });
    expect(await w.balanceOf('user:asha')).toBe(50_000);
  });
});

describe('refunding a top-up', () => {
  async function paidWorld() {
    const w = await world();
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    const paid = w.simulated.pay(order.providerOrderId);
    await w.payments.handleWebhook(paid.webhook.body, paid.webhook.headers);
    return w;
  }

  it('debits the wallet, refunds at the provider, and a repeated refund id refunds once', async () => {
    const w = await paidWorld();
    const refund = await w.payments.refundTopUp({ refundId: 'refund-1', orderId: 'order-1', amount: 20_000 });
    expect(refund).toMatchObject({ status: 'processed', amount: 20_000 });
    expect(await w.payments.refundTopUp({ refundId: 'refund-1', orderId: 'order-1', amount: 20_000 })).toEqual(refund);
    expect(await w.balanceOf('user:asha')).toBe(30_000);
    expect(await codeOf(w.payments.refundTopUp({ refundId: 'refund-2', orderId: 'order-1', amount: 30_001 }))).toBe(
      'REFUND_EXCEEDS_PAYMENT',
    );
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('is refused when the money is already spent, writing nothing; what is left unspent can still be refunded', async () => {
    const w = await paidWorld();
    await w.wallet.transfer({ id: 'spend-1', from: 'user:asha', to: 'consultant:guru', amount: 45_000 });
    expect(await codeOf(w.payments.refundTopUp({ refundId: 'refund-1', orderId: 'order-1' }))).toBe(
      'FUNDS_ALREADY_SPENT',
    );
    expect(await w.balanceOf('user:asha')).toBe(5_000);
    // What is left unspent can still go back.
    const partial = await w.payments.refundTopUp({ refundId: 'refund-2', orderId: 'order-1', amount: 5_000 });
    expect(partial).toMatchObject({ status: 'processed', amount: 5_000 });
    expect(await w.balanceOf('user:asha')).toBe(0);
  });

  it('a provider failure leaves the refund pending; retrying the same id completes it without a second debit', async () => {
    let failNext = true;
    const w = await world((simulated) => ({
      name: simulated.name,
      createCheckout: (request) => simulated.createCheckout(request),
      verifyConfirmation: (confirmation) => simulated.verifyConfirmation(confirmation),
      parseWebhook: (body, headers) => simulated.parseWebhook(body, headers),
      refund: async (request) => {
        if (failNext) {
          failNext = false;
          throw new Error('ECONNRESET');
        }
        return await simulated.refund(request);
      },
    }));
    const order = await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    const paid = w.simulated.pay(order.providerOrderId);
    await w.payments.handleWebhook(paid.webhook.body, paid.webhook.headers);
    const error = await w.payments.refundTopUp({ refundId: 'refund-1', orderId: 'order-1' }).catch((e) => e);
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).not.toContain('whsec');
    expect(await w.balanceOf('user:asha')).toBe(0);
    const retried = await w.payments.refundTopUp({ refundId: 'refund-1', orderId: 'order-1' });
    expect(retried).toMatchObject({ status: 'processed', amount: 50_000 });
    expect(await w.balanceOf('user:asha')).toBe(0);
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('an unpaid or unknown order cannot be refunded', async () => {
    const w = await world();
    await w.payments.startTopUp({ id: 'order-1', userId: 'user:asha', amount: 50_000 });
    expect(await codeOf(w.payments.refundTopUp({ refundId: 'r-1', orderId: 'order-1' }))).toBe('PAYMENT_NOT_CAPTURED');
    expect(await codeOf(w.payments.refundTopUp({ refundId: 'r-2', orderId: 'missing' }))).toBe('ORDER_NOT_FOUND');
  });
});
