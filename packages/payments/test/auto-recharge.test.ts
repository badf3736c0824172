import { describe, expect, it } from 'vitest';
import {
  type AutoRechargeEvent,
  type AutoRechargeSetting,
  autoRechargeOrderId,
  createAutoRecharger,
} from '../src/auto-recharge.js';
import type { PaymentProvider } from '../src/provider.js';
import type { SimulatedProvider } from '../src/providers/simulated.js';
import { world } from './world.js';

const CARD = { customerRef: 'sim_cust_asha', methodRef: 'card_4242' };
const DECLINING_CARD = { customerRef: 'sim_cust_asha', methodRef: 'decline_0002' };

/** Counts the provider's off-session charges. */
function counting(calls: string[]) {
  return (simulated: SimulatedProvider): PaymentProvider => ({
    name: simulated.name,
    createCheckout: (request) => simulated.createCheckout(request),
    verifyConfirmation: (confirmation) => simulated.verifyConfirmation(confirmation),
    parseWebhook: (body, headers) => simulated.parseWebhook(body, headers),
    refund: (request) => simulated.refund(request),
    chargeSavedMethod: async (charge) => {
      calls.push(charge.orderId);
      return await simulated.chargeSavedMethod(charge);
    },
  });
}

async function setUp(setting: AutoRechargeSetting | null, options: { maxPerDay?: number } = {}) {
  const calls: string[] = [];
  const w = await world(counting(calls));
  const events: AutoRechargeEvent[] = [];
  const errors: unknown[] = [];
  const recharger = createAutoRecharger({
    wallet: w.wallet,
    payments: w.payments,
    clock: w.clock,
    settingOf: async (userId) => (userId === 'user:asha' ? setting : null),
    onEvent: (event) => events.push(event),
    onError: (error) => errors.push(error),
    ...options,
  });
  w.wallet.on('transaction', (transaction) => recharger.onTransaction(transaction));
  await w.wallet.topUp({ id: 'seed', to: 'user:asha', amount: 10_000 });
  const spend = (id: string, amount: number) =>
    w.wallet.transfer({ id, from: 'user:asha', to: 'consultant:guru', amount });
  return { ...w, calls, events, errors, recharger, spend };
}

describe('auto-recharge on a saved method', () => {
  it('ten debits in flight across the threshold charge once', async () => {
    const t = await setUp({ threshold: 5_000, amount: 20_000, method: CARD });
    await Promise.all(Array.from({ length: 10 }, (_, i) => t.spend(`tick-${i}`, 600)));
    await t.recharger.idle();
    expect(t.calls).toHaveLength(1);
    expect(await t.balanceOf('user:asha')).toBe(10_000 - 6_000 + 20_000);
    const [event] = t.events;
    expect(event && 'result' in event ? event.result.order.status : event).toBe('paid');
    expect(t.errors).toEqual([]);
  });

  it('a debit while already below the threshold does not charge again', async () => {
    const t = await setUp({ threshold: 50_000, amount: 1_000, method: CARD });
    await t.spend('tick-1', 100);
    await t.recharger.idle();
    await t.spend('tick-2', 100);
    await t.recharger.idle();
    expect(t.calls).toHaveLength(0);
  });

  it('the same crossing seen twice (a replayed event, a second process) charges once', async () => {
    const t = await setUp({ threshold: 5_000, amount: 20_000, method: CARD });
    const debit = await t.spend('tick-1', 6_000);
    t.recharger.onTransaction(debit);
    t.recharger.onTransaction(debit);
    await t.recharger.idle();
    expect(t.calls).toEqual([autoRechargeOrderId('user:asha', 'tick-1')]);
    expect(await t.balanceOf('user:asha')).toBe(24_000);
  });

  it('a declined charge is recorded and surfaced, never retried, and bounded per day', async () => {
    const t = await setUp({ threshold: 5_000, amount: 20_000, method: DECLINING_CARD }, { maxPerDay: 2 });
    const first = await t.spend('tick-1', 6_000);
    await t.recharger.idle();
    t.recharger.onTransaction(first);
    await t.recharger.idle();
    expect(t.calls).toHaveLength(1);
    const order = await t.payments.getOrder(autoRechargeOrderId('user:asha', 'tick-1'));
    expect(order).toMatchObject({ status: 'failed', failureReason: 'card declined' });
    expect(t.events[0]).toMatchObject({ result: { charged: true, order: { status: 'failed' } } });
    // Two more crossings the same day: the second is over the limit of two charges.
    for (const [i, amount] of [
      [2, 5_000],
      [3, 5_000],
    ] as const) {
      await t.wallet.topUp({ id: `refill-${i}`, to: 'user:asha', amount: 5_000 });
      await t.spend(`tick-${i}`, amount);
      await t.recharger.idle();
    }
    expect(t.calls).toHaveLength(2);
    expect(t.events.at(-1)).toMatchObject({ skipped: 'daily-limit' });
    expect(await t.balanceOf('user:asha')).toBe(4_000);
  });

  it('without a saved method nothing is charged and the crossing is reported', async () => {
    const t = await setUp({ threshold: 5_000, amount: 20_000, method: null });
    await t.spend('tick-1', 6_000);
    await t.recharger.idle();
    expect(t.calls).toEqual([]);
    expect(t.events).toEqual([{ userId: 'user:asha', debitId: 'tick-1', skipped: 'no-saved-method' }]);
  });
});

describe('charging a saved method directly', () => {
  it('charges once per order id and refuses providers that cannot', async () => {
    const calls: string[] = [];
    const w = await world(counting(calls));
    const input = { id: 'auto-1', userId: 'user:asha', amount: 20_000, method: CARD };
    expect(await w.payments.chargeSavedMethod(input)).toMatchObject({ charged: true, order: { status: 'paid' } });
    expect(await w.payments.chargeSavedMethod(input)).toMatchObject({ charged: false, order: { status: 'paid' } });
    expect(calls).toHaveLength(1);
    expect(await w.balanceOf('user:asha')).toBe(20_000);

    const plain = await world((simulated) => ({
      name: simulated.name,
      createCheckout: (request) => simulated.createCheckout(request),
      verifyConfirmation: (confirmation) => simulated.verifyConfirmation(confirmation),
      parseWebhook: (body, headers) => simulated.parseWebhook(body, headers),
      refund: (request) => simulated.refund(request),
    }));
    await expect(plain.payments.chargeSavedMethod(input)).rejects.toMatchObject({ code: 'SAVED_METHOD_UNSUPPORTED' });
  });
});
