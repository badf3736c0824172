import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { anOrder, aPayout, race } from './fixtures.js';

/** The order and payout stores' cases. */
export function paymentCases(store: () => HostStore): void {
  it('an inserted order reads back exactly; an unknown order is null', async () => {
    expect(await store().orders.insert(anOrder())).toBe('created');
    expect(await store().orders.byId('order:1')).toEqual(anOrder());
    expect(await store().orders.byId('order:nobody')).toBeNull();
  });

  it('an order id already taken is a duplicate and keeps the first order', async () => {
    await store().orders.insert(anOrder());
    expect(await store().orders.insert(anOrder({ userId: 'user:other', amount: 1 }))).toBe('duplicate');
    expect(await store().orders.byId('order:1')).toEqual(anOrder());
  });

  it('paying an order records its event; paying it again keeps the first event', async () => {
    await store().orders.insert(anOrder());
    const paid = anOrder({ status: 'paid', eventId: 'evt_1' });
    expect(await store().orders.markPaid('order:1', 'evt_1')).toEqual(paid);
    expect(await store().orders.markPaid('order:1', 'evt_2')).toEqual(paid);
    expect(await store().orders.byId('order:1')).toEqual(paid);
  });

  it('racing payments of one order all answer the one event stored', async () => {
    await store().orders.insert(anOrder());
    const answers = await race(['a', 'b', 'c', 'd'].map((event) => () => store().orders.markPaid('order:1', event)));
    const stored = await store().orders.byId('order:1');
    expect(stored?.status).toBe('paid');
    expect(answers).toEqual(answers.map(() => stored));
  });

  it('paying an unknown order is null and creates nothing', async () => {
    expect(await store().orders.markPaid('order:nobody', 'evt_1')).toBeNull();
    expect(await store().orders.byId('order:nobody')).toBeNull();
  });

  it('a payout inserts once: its id again is a duplicate, whatever it carries', async () => {
    expect(await store().payouts.insert(aPayout())).toBe('created');
    expect(await store().payouts.insert(aPayout())).toBe('duplicate');
    expect(await store().payouts.insert(aPayout({ amount: 1 }))).toBe('duplicate');
    expect(await store().payouts.insert(aPayout({ id: 'payout:2' }))).toBe('created');
  });
}
