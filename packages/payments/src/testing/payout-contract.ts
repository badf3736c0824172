import { afterEach, describe, expect, it } from 'vitest';
import type { Payout, PayoutStore } from '../payout-store.js';

/** What a payout contract factory returns: an empty store, and how to release it. */
export interface PayoutStoreFixture {
  store: PayoutStore;
  /** Drops what the store used (a schema, a database); called after each test. */
  close?: () => Promise<void>;
}

/** A requested payout as a test builds it. */
export function aPayout(overrides: Partial<Payout> = {}): Payout {
  return {
    id: 'payout-1',
    consultantId: 'consultant:guru',
    amount: 25_000,
    currency: 'INR',
    provider: 'manual',
    status: 'requested',
    providerPayoutId: null,
    note: null,
    createdAt: 1_700_000_000_000,
    settledAt: null,
    ...overrides,
  };
}

/**
 * Registers the payout store contract, as vitest blocks named as sentences.
 *
 * @example
 * ```ts
 * payoutStoreContract('memory', async () => ({ store: createMemoryPayoutStore() }));
 * ```
 */
export function payoutStoreContract(name: string, makeStore: () => Promise<PayoutStoreFixture>): void {
  const open: PayoutStoreFixture[] = [];
  const fresh = async () => {
    const fixture = await makeStore();
    open.push(fixture);
    return fixture.store;
  };

  describe(`${name} payout store`, () => {
    afterEach(async () => {
      for (const fixture of open.splice(0)) await fixture.close?.();
    });

    it('stores a payout once and reads it back', async () => {
      const store = await fresh();
      expect(await store.insertPayout(aPayout())).toEqual({ record: aPayout(), inserted: true });
      expect(await store.insertPayout(aPayout({ amount: 1 }))).toEqual({ record: aPayout(), inserted: false });
      expect(await store.getPayout('payout-1')).toEqual(aPayout());
      expect(await store.getPayout('missing')).toBeNull();
    });

    it('moves a payout only from the statuses a transition names', async () => {
      const store = await fresh();
      await store.insertPayout(aPayout());
      expect(
        await store.transitionPayout('payout-1', { from: ['requested'], to: 'processing', providerPayoutId: 'pout_1' }),
      ).toMatchObject({ status: 'processing', providerPayoutId: 'pout_1' });
      expect(await store.transitionPayout('payout-1', { from: ['requested'], to: 'failed' })).toMatchObject({
        status: 'processing',
      });
      expect(
        await store.transitionPayout('payout-1', {
          from: ['requested', 'processing'],
          to: 'paid',
          note: 'UTR 123',
          settledAt: 5,
        }),
      ).toMatchObject({ status: 'paid', providerPayoutId: 'pout_1', note: 'UTR 123', settledAt: 5 });
      expect(await store.transitionPayout('missing', { from: ['requested'], to: 'paid' })).toBeNull();
    });

    it('of ten racing settlements, paid or failed, exactly one decides the payout', async () => {
      const store = await fresh();
      await store.insertPayout(aPayout());
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.transitionPayout('payout-1', { from: ['requested', 'processing'], to: i % 2 ? 'paid' : 'failed' }),
        ),
      );
      expect(new Set(results.map((payout) => payout?.status)).size).toBe(1);
    });

    it('lists payouts newest first, by consultant or by status', async () => {
      const store = await fresh();
      await store.insertPayout(aPayout({ id: 'p-1', createdAt: 1 }));
      await store.insertPayout(aPayout({ id: 'p-2', createdAt: 2, status: 'paid' }));
      await store.insertPayout(aPayout({ id: 'p-3', createdAt: 3, consultantId: 'consultant:other' }));
      expect((await store.listPayouts({ limit: 10 })).map((p) => p.id)).toEqual(['p-3', 'p-2', 'p-1']);
      expect((await store.listPayouts({ consultantId: 'consultant:guru', limit: 10 })).map((p) => p.id)).toEqual([
        'p-2',
        'p-1',
      ]);
      expect((await store.listPayouts({ status: 'requested', limit: 1 })).map((p) => p.id)).toEqual(['p-3']);
    });
  });
}
