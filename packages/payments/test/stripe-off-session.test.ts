import type { Transaction } from '@jyotishconnect/wallet-store';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type AutoRechargeEvent, autoRechargeOrderId, createAutoRecharger } from '../src/auto-recharge.js';
import { chargeOutcomeOf } from '../src/providers/stripe/off-session.js';
import { unlinkedProviderOrderId } from '../src/store.js';
import { errorOf } from './rejections.js';
import { SECRET_KEY, stripeWorld, WEBHOOK_SECRET } from './stripe-world.js';

const AMOUNT = 20_000;

/** A Stripe world where Asha has saved `methodRef` (one of Stripe's test methods) for off-session charges. */
async function savedCardWorld(methodRef = 'pm_card_visa') {
  const w = await stripeWorld();
  const method = w.fake.saveMethod(methodRef);
  const charge = (id = 'auto-1') => w.payments.chargeSavedMethod({ id, userId: 'user:asha', amount: AMOUNT, method });
  const intentOf = async (orderId: string) => w.fake.intent((await w.store.getOrder(orderId))?.providerOrderId ?? '');
  /** The signed `payment_intent.succeeded` webhook of an intent, as Stripe sends it now. */
  const succeeded = (intentId: string) => w.webhook('payment_intent.succeeded', w.fake.intent(intentId) ?? {});
  const intentCalls = () => w.fake.requests.filter((r) => r.path === '/v1/payment_intents');
  return { ...w, method, charge, intentOf, succeeded, intentCalls };
}

describe('an off-session charge at Stripe', () => {
  it("creates one PaymentIntent confirmed off-session under the order's key and credits once, also when its webhook arrives five times later", async () => {
    const w = await savedCardWorld('pm_card_visa');
    const result = await w.charge();
    expect(w.fake.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/payment_intents',
        authorization: `Bearer ${SECRET_KEY}`,
        idempotencyKey: 'order:auto-1',
        form: {
          amount: '20000',
          currency: 'inr',
          customer: w.method.customerRef,
          payment_method: 'pm_card_visa',
          off_session: 'true',
          confirm: 'true',
          'metadata[orderId]': 'auto-1',
          'metadata[userId]': 'user:asha',
        },
        replayed: false,
      },
    ]);
    const intentId = result.order.providerOrderId;
    expect(intentId).toMatch(/^pi_/);
    expect(result).toMatchObject({ charged: true, order: { status: 'paid', paymentId: intentId } });
    const paid = w.succeeded(intentId);
    const late = await Promise.all([
      ...Array.from({ length: 5 }, () => w.payments.handleWebhook(paid.body, paid.headers)),
      w.charge(),
    ]);
    expect(late.at(-1)).toMatchObject({ charged: false, order: { status: 'paid' } });
    expect(w.intentCalls()).toHaveLength(1);
    expect(await w.balanceOf('user:asha')).toBe(AMOUNT);
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('a declined card records the order failed with the decline code, credits nothing and is not charged again', async () => {
    const w = await savedCardWorld('pm_card_chargeDeclined');
    const result = await w.charge();
    expect(result).toMatchObject({ charged: true, order: { status: 'failed', failureReason: 'generic_decline' } });
    const intent = await w.intentOf('auto-1');
    expect(intent).toMatchObject({ id: result.order.providerOrderId, status: 'requires_payment_method' });
    const failed = w.webhook('payment_intent.payment_failed', intent ?? {});
    expect((await w.payments.handleWebhook(failed.body, failed.headers)).order).toMatchObject({ status: 'failed' });
    expect(await w.charge()).toMatchObject({ charged: false, order: { status: 'failed' } });
    expect(w.intentCalls().map((r) => r.idempotencyKey)).toEqual(['order:auto-1']);
    expect(await w.balanceOf('user:asha')).toBe(0);
  });

  it('a decline whose answer was lost is replayed by Stripe as the same decline, under the same key', async () => {
    const w = await savedCardWorld('pm_card_chargeDeclined');
    // The SDK retries a closed connection once under the same key; Stripe keeps a 402 like any answer of a request that ran.
    w.fake.failNext('lose-response');
    expect(await w.charge()).toMatchObject({ order: { status: 'failed', failureReason: 'generic_decline' } });
    expect(w.intentCalls().map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ['order:auto-1', false],
      ['order:auto-1', true],
    ]);
  });

  it('a card that needs authentication is declined off-session, and credited once if the customer completes it later', async () => {
    const w = await savedCardWorld('pm_card_authenticationRequired');
    const result = await w.charge();
    expect(result.order).toMatchObject({ status: 'failed', failureReason: 'authentication_required' });
    // Brought back on-session, the customer authenticates and the same intent succeeds.
    const paid = w.succeeded(w.fake.succeed(result.order.providerOrderId).id as string);
    await Promise.all([1, 2].map(() => w.payments.handleWebhook(paid.body, paid.headers)));
    expect(await w.payments.getOrder('auto-1')).toMatchObject({ status: 'paid', failureReason: null });
    expect(await w.balanceOf('user:asha')).toBe(AMOUNT);
  });

  it('a charge Stripe leaves processing stays pending until its webhook credits it; one asking for action is declined', async () => {
    const w = await savedCardWorld('pm_mandate_in');
    w.fake.answerMethod('pm_mandate_in', 'processing');
    const pending = await w.charge('auto-1');
    expect(pending).toMatchObject({ charged: true, order: { status: 'created', providerOrderId: /^pi_/ } });
    expect(await w.balanceOf('user:asha')).toBe(0);
    w.fake.succeed(pending.order.providerOrderId);
    const paid = w.succeeded(pending.order.providerOrderId);
    await Promise.all([1, 2, 3].map(() => w.payments.handleWebhook(paid.body, paid.headers)));
    expect(await w.balanceOf('user:asha')).toBe(AMOUNT);

    w.fake.answerMethod('pm_mandate_in', 'requires_action');
    expect((await w.charge('auto-2')).order).toMatchObject({
      status: 'failed',
      failureReason: 'authentication_required',
    });
  });

  it('any other failure is PROVIDER_ERROR holding no key; the order is recorded failed and nothing is credited', async () => {
    const w = await savedCardWorld('pm_card_visa');
    const unknown = { customerRef: 'cus_unknown0123', methodRef: 'pm_card_visa' };
    const noSuchCustomer = await errorOf(
      w.payments.chargeSavedMethod({ id: 'auto-1', userId: 'user:asha', amount: AMOUNT, method: unknown }),
    );
    expect(noSuchCustomer).toMatchObject({ code: 'PROVIDER_ERROR', details: { statusCode: 400 } });
    w.fake.failNext('server-error');
    const serverError = await errorOf(w.charge('auto-2'));
    expect(serverError).toMatchObject({ code: 'PROVIDER_ERROR', details: { statusCode: 500 } });
    expect((serverError.cause as Error).message).toContain('[redacted]');
    for (const error of [noSuchCustomer, serverError]) {
      const cause = error.cause instanceof Error ? `${error.cause.message} ${error.cause.stack}` : '';
      for (const text of [error.message, JSON.stringify(error), String(error), cause]) {
        expect(text).not.toContain(SECRET_KEY);
        expect(text).not.toContain(WEBHOOK_SECRET);
      }
    }
    for (const id of ['auto-1', 'auto-2']) {
      expect(await w.payments.getOrder(id)).toMatchObject({ status: 'failed' });
    }
    expect(await w.balanceOf('user:asha')).toBe(0);
  });
});

describe('an off-session charge whose provider order was never linked', () => {
  it('its webhook, raced five times with a confirmation, finds the order by metadata.orderId and credits once', async () => {
    const w = await savedCardWorld('pm_card_visa');
    // What chargeSavedMethod stores before asking Stripe; the process then stops before linking the answer.
    await w.store.insertOrder({
      id: 'auto-1',
      userId: 'user:asha',
      amount: AMOUNT,
      provider: 'stripe',
      providerOrderId: unlinkedProviderOrderId('auto-1'),
      currency: 'INR',
      status: 'created',
      paymentId: null,
      failureReason: null,
      checkout: {},
      createdAt: w.clock.now(),
      paidAt: null,
    });
    const outcome = await w.provider.chargeSavedMethod({
      orderId: 'auto-1',
      userId: 'user:asha',
      amount: AMOUNT,
      currency: 'INR',
      method: w.method,
    });
    expect(outcome).toMatchObject({ status: 'captured', payment: { orderId: 'auto-1', currency: 'INR' } });
    const intentId = outcome.providerOrderId;
    expect(await w.store.findOrderByProviderId('stripe', intentId)).toBeNull();
    const paid = w.succeeded(intentId);
    await Promise.all([
      ...Array.from({ length: 5 }, () => w.payments.handleWebhook(paid.body, paid.headers)),
      w.payments.confirmTopUp({ userId: 'user:asha', confirmation: { payment_intent: intentId } }),
    ]);
    expect(await w.store.findOrderByProviderId('stripe', intentId)).toMatchObject({ id: 'auto-1', status: 'paid' });
    expect(await w.balanceOf('user:asha')).toBe(AMOUNT);
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('a charge whose every answer was lost is recorded failed, then credited once by its webhook', async () => {
    const w = await savedCardWorld('pm_card_visa');
    w.fake.failNext('lose-response');
    w.fake.failNext('lose-response');
    expect((await errorOf(w.charge())).code).toBe('PROVIDER_ERROR');
    expect(await w.payments.getOrder('auto-1')).toMatchObject({ status: 'failed', providerOrderId: 'pending:auto-1' });
    // Stripe did charge: the SDK's retry was replayed the stored success, and lost too.
    expect(w.intentCalls().map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ['order:auto-1', false],
      ['order:auto-1', true],
    ]);
    const [intent] = w.fake.intents();
    expect(intent).toMatchObject({ status: 'succeeded', metadata: { orderId: 'auto-1' } });
    const paid = w.succeeded(String(intent?.id));
    await Promise.all(Array.from({ length: 5 }, () => w.payments.handleWebhook(paid.body, paid.headers)));
    expect(await w.payments.getOrder('auto-1')).toMatchObject({ status: 'paid', providerOrderId: intent?.id });
    expect(await w.balanceOf('user:asha')).toBe(AMOUNT);
  });

  it('a decline whose answer was lost is recorded from its payment_failed webhook, found by metadata.orderId', async () => {
    const w = await savedCardWorld('pm_card_chargeDeclined');
    w.fake.failNext('lose-response');
    w.fake.failNext('lose-response');
    await errorOf(w.charge());
    const [intent] = w.fake.intents();
    expect(intent).toMatchObject({ metadata: { orderId: 'auto-1' } });
    // Recorded failed for the lost answer; now the provider's own word arrives, and links the order.
    const failed = w.webhook('payment_intent.payment_failed', intent ?? {});
    const outcome = await w.payments.handleWebhook(failed.body, failed.headers);
    expect(outcome.order).toMatchObject({ id: 'auto-1', status: 'failed', providerOrderId: intent?.id });
    expect(await w.balanceOf('user:asha')).toBe(0);
  });
});

describe('auto-recharge through Stripe', () => {
  async function rechargeWorld(methodRef: string) {
    const w = await savedCardWorld(methodRef);
    const events: AutoRechargeEvent[] = [];
    const errors: unknown[] = [];
    const recharger = createAutoRecharger({
      wallet: w.wallet,
      payments: w.payments,
      clock: w.clock,
      settingOf: async (userId) =>
        userId === 'user:asha' ? { threshold: 5_000, amount: AMOUNT, method: w.method } : null,
      onEvent: (event) => events.push(event),
      onError: (error) => errors.push(error),
    });
    w.wallet.on('transaction', (transaction: Transaction) => recharger.onTransaction(transaction));
    await w.wallet.topUp({ id: 'seed', to: 'user:asha', amount: 10_000 });
    const spendTen = () =>
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          w.wallet.transfer({ id: `tick-${i}`, from: 'user:asha', to: 'consultant:guru', amount: 600 }),
        ),
      );
    return { ...w, events, errors, recharger, spendTen };
  }

  it('ten debits in flight across the threshold charge the saved card once, and its later webhooks credit nothing more', async () => {
    const w = await rechargeWorld('pm_card_visa');
    await w.spendTen();
    await w.recharger.idle();
    expect(w.errors).toEqual([]);
    expect(w.events).toHaveLength(1);
    const [event] = w.events;
    const orderId = autoRechargeOrderId('user:asha', event?.debitId ?? '');
    expect(w.intentCalls().map((r) => r.idempotencyKey)).toEqual([`order:${orderId}`]);
    const order = await w.payments.getOrder(orderId);
    expect(order).toMatchObject({ status: 'paid' });
    const paid = w.succeeded(order?.providerOrderId ?? '');
    await Promise.all(Array.from({ length: 5 }, () => w.payments.handleWebhook(paid.body, paid.headers)));
    expect(await w.balanceOf('user:asha')).toBe(10_000 - 6_000 + AMOUNT);
    expect((await w.wallet.verify()).ok).toBe(true);
  });

  it('a declined saved card records the recharge failed with the decline code and credits nothing', async () => {
    const w = await rechargeWorld('pm_card_chargeDeclined');
    await w.spendTen();
    await w.recharger.idle();
    expect(w.errors).toEqual([]);
    expect(w.intentCalls()).toHaveLength(1);
    expect(w.events).toMatchObject([
      { result: { charged: true, order: { status: 'failed', failureReason: 'generic_decline' } } },
    ]);
    expect(await w.balanceOf('user:asha')).toBe(10_000 - 6_000);
  });
});

describe('what a confirmed off-session intent comes to', () => {
  const intent = (patch: Record<string, unknown>) =>
    ({
      id: 'pi_1',
      amount: AMOUNT,
      amount_received: 0,
      currency: 'inr',
      metadata: {},
      ...patch,
    }) as Stripe.PaymentIntent;

  it('succeeded is captured; processing and requires_capture are pending; the rest are declines with a reason', () => {
    expect(chargeOutcomeOf(intent({ status: 'succeeded', amount_received: AMOUNT }))).toEqual({
      status: 'captured',
      providerOrderId: 'pi_1',
      payment: { providerOrderId: 'pi_1', paymentId: 'pi_1', amount: AMOUNT, currency: 'INR' },
    });
    for (const status of ['processing', 'requires_capture']) {
      expect(chargeOutcomeOf(intent({ status }))).toEqual({ status: 'pending', providerOrderId: 'pi_1' });
    }
    const declines: Array<[Record<string, unknown>, string]> = [
      [{ status: 'requires_action' }, 'authentication_required'],
      [
        { status: 'requires_payment_method', last_payment_error: { message: 'Your card was declined.' } },
        'Your card was declined.',
      ],
      [{ status: 'requires_payment_method', last_payment_error: null }, 'the payment failed'],
      [{ status: 'canceled', cancellation_reason: 'automatic' }, 'automatic'],
    ];
    for (const [patch, reason] of declines) {
      expect(chargeOutcomeOf(intent(patch))).toEqual({ status: 'declined', providerOrderId: 'pi_1', reason });
    }
  });
});
