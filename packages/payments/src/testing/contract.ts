import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentOrder, PaymentRefund, PaymentStore } from '../store.js';

/** What a contract factory returns: an empty store, and how to release it after the test. */
export interface PaymentStoreFixture {
  store: PaymentStore;
  /** Drops what the store used (a schema, a database); called after each test. */
  close?: () => Promise<void>;
}

/** Makes an empty store for one test. */
export type MakePaymentStore = () => Promise<PaymentStoreFixture>;

/** An order as a test builds it: every field filled, any of them overridden. */
export function anOrder(overrides: Partial<PaymentOrder> = {}): PaymentOrder {
  const id = overrides.id ?? 'order-1';
  return {
    id,
    userId: 'user:asha',
    provider: 'simulated',
    providerOrderId: `prov_${id}`,
    amount: 50_000,
    currency: 'INR',
    status: 'created',
    paymentId: null,
    failureReason: null,
    checkout: { key: 'rzp_test_public', providerOrderId: `prov_${id}`, amount: 50_000 },
    createdAt: 1_700_000_000_000,
    paidAt: null,
    ...overrides,
  };
}

/** A pending refund as a test builds it. */
export function aRefund(overrides: Partial<PaymentRefund> = {}): PaymentRefund {
  return {
    id: 'refund-1',
    orderId: 'order-1',
    paymentId: 'pay_1',
    amount: 20_000,
    status: 'pending',
    providerRefundId: null,
    createdAt: 1_700_000_100_000,
    ...overrides,
  };
}

/**
 * Registers the payment store contract: what every adapter must do, as vitest
 * `describe`/`it` blocks named as sentences. Each test gets an empty store.
 *
 * @example
 * ```ts
 * paymentStoreContract('memory', async () => ({ store: createMemoryPaymentStore() }));
 * ```
 */
export function paymentStoreContract(name: string, makeStore: MakePaymentStore): void {
  const open: PaymentStoreFixture[] = [];
  const fresh = async () => {
    const fixture = await makeStore();
    open.push(fixture);
    return fixture.store;
  };

  describe(`${name} payment store`, () => {
    afterEach(async () => {
      for (const fixture of open.splice(0)) await fixture.close?.();
    });

    it('stores an order and reads it back by id and by provider order id', async () => {
      const store = await fresh();
      const order = anOrder();
      expect(await store.insertOrder(order)).toEqual({ record: order, inserted: true });
      expect(await store.getOrder(order.id)).toEqual(order);
      expect(await store.findOrderByProviderId('simulated', order.providerOrderId)).toEqual(order);
      expect(await store.findOrderByProviderId('stripe', order.providerOrderId)).toBeNull();
      expect(await store.getOrder('missing')).toBeNull();
    });

    it('a second insert under one id returns the stored order and writes nothing', async () => {
      const store = await fresh();
      const first = anOrder();
      await store.insertOrder(first);
      const again = await store.insertOrder(anOrder({ amount: 1, providerOrderId: 'prov_other' }));
      expect(again).toEqual({ record: first, inserted: false });
      expect(await store.findOrderByProviderId('simulated', 'prov_other')).toBeNull();
    });

    it('the first payment claims an order; a replay keeps it, another payment cannot replace it', async () => {
      const store = await fresh();
      await store.insertOrder(anOrder());
      const paid = await store.claimPayment('order-1', 'pay_1', 1_700_000_050_000);
      expect(paid).toMatchObject({ status: 'paid', paymentId: 'pay_1', paidAt: 1_700_000_050_000 });
      expect(await store.claimPayment('order-1', 'pay_1', 1_700_000_060_000)).toEqual(paid);
      expect(await store.claimPayment('order-1', 'pay_2', 1_700_000_070_000)).toEqual(paid);
      expect(await store.claimPayment('missing', 'pay_3', 1)).toBeNull();
    });

    it('of twenty payments racing for one order exactly one wins, and every caller sees it', async () => {
      const store = await fresh();
      await store.insertOrder(anOrder());
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.claimPayment('order-1', `pay_${i}`, 1_700_000_050_000 + i)),
      );
      const winners = new Set(results.map((order) => order?.paymentId));
      expect(winners.size).toBe(1);
      expect((await store.getOrder('order-1'))?.paymentId).toBe([...winners][0]);
    });

    it('a failed attempt marks the order failed with its reason, and a later payment still pays it', async () => {
      const store = await fresh();
      await store.insertOrder(anOrder());
      expect(await store.markFailed('order-1', 'card declined')).toMatchObject({
        status: 'failed',
        failureReason: 'card declined',
      });
      expect(await store.claimPayment('order-1', 'pay_2', 5)).toMatchObject({
        status: 'paid',
        paymentId: 'pay_2',
        failureReason: null,
      });
    });

    it('a failure reported after the payment leaves the order paid', async () => {
      const store = await fresh();
      await store.insertOrder(anOrder());
      await store.claimPayment('order-1', 'pay_1', 5);
      expect(await store.markFailed('order-1', 'late decline of another attempt')).toMatchObject({
        status: 'paid',
        paymentId: 'pay_1',
        failureReason: null,
      });
      expect(await store.markFailed('missing', 'x')).toBeNull();
    });

    it('links an order opened before its provider order exactly once', async () => {
      const store = await fresh();
      await store.insertOrder(anOrder({ providerOrderId: 'pending:order-1' }));
      expect(await store.linkProviderOrder('order-1', 'pi_1')).toMatchObject({ providerOrderId: 'pi_1' });
      expect(await store.findOrderByProviderId('simulated', 'pi_1')).toMatchObject({ id: 'order-1' });
      expect(await store.findOrderByProviderId('simulated', 'pending:order-1')).toBeNull();
      expect(await store.linkProviderOrder('order-1', 'pi_2')).toMatchObject({ providerOrderId: 'pi_1' });
      expect(await store.findOrderByProviderId('simulated', 'pi_2')).toBeNull();
      await store.insertOrder(anOrder({ id: 'order-2' }));
      expect(await store.linkProviderOrder('order-2', 'pi_3')).toMatchObject({ providerOrderId: 'prov_order-2' });
      expect(await store.linkProviderOrder('missing', 'pi_4')).toBeNull();
    });

    it("lists a user's orders newest first, up to the limit, and no one else's", async () => {
      const store = await fresh();
      for (let i = 1; i <= 5; i += 1) {
        await store.insertOrder(anOrder({ id: `order-${i}`, createdAt: 1_700_000_000_000 + i }));
      }
      await store.insertOrder(anOrder({ id: 'order-ravi', userId: 'user:ravi' }));
      const listed = await store.ordersOf('user:asha', 3);
      expect(listed.map((order) => order.id)).toEqual(['order-5', 'order-4', 'order-3']);
      expect((await store.ordersOf('user:ravi', 10)).map((order) => order.id)).toEqual(['order-ravi']);
    });

    it('stores a refund once and settles it by id or by the provider refund id', async () => {
      const store = await fresh();
      const refund = aRefund();
      expect(await store.insertRefund(refund)).toEqual({ record: refund, inserted: true });
      expect(await store.insertRefund(aRefund({ amount: 1 }))).toEqual({ record: refund, inserted: false });
      expect(await store.settleRefund({ id: 'refund-1' }, 'pending', 'rfnd_1')).toMatchObject({
        status: 'pending',
        providerRefundId: 'rfnd_1',
      });
      expect(await store.settleRefund({ providerRefundId: 'rfnd_1' }, 'processed')).toMatchObject({
        id: 'refund-1',
        status: 'processed',
        providerRefundId: 'rfnd_1',
      });
      expect(await store.settleRefund({ providerRefundId: 'rfnd_unknown' }, 'processed')).toBeNull();
    });

    it('a processed refund stays processed when a late pending answer arrives', async () => {
      const store = await fresh();
      await store.insertRefund(aRefund());
      await store.settleRefund({ id: 'refund-1' }, 'processed', 'rfnd_1');
      expect(await store.settleRefund({ id: 'refund-1' }, 'pending', 'rfnd_1')).toMatchObject({
        status: 'processed',
      });
    });

    it('ten concurrent inserts of one refund store it once', async () => {
      const store = await fresh();
      const results = await Promise.all(Array.from({ length: 10 }, () => store.insertRefund(aRefund())));
      expect(results.filter((result) => result.inserted)).toHaveLength(1);
    });
  });
}
