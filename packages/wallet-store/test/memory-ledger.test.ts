import { noopMetrics } from '@jyotishconnect/core';
import { createWallet, SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ValueColumn } from '../src/adapters/memory/column.js';
import { IdIndex, seededHash } from '../src/adapters/memory/id-index.js';

const RUNS = Number(process.env.ID_INDEX_RUNS ?? 30);

/** Adds `ids` (distinct) to a fresh index in order, as the log does, and checks every answer against a `Map`. */
function checkAgainstMap(ids: readonly string[], probes: readonly string[], hash?: (id: string) => number): IdIndex {
  const log = new ValueColumn<string>();
  const index = new IdIndex(log, hash);
  const reference = new Map<string, number>();
  const wrong: string[] = [];
  for (const id of ids) {
    if (index.positionOf(id) !== undefined) wrong.push(`${id} found before it was added`);
    log.push(id);
    index.add(log.length - 1);
    reference.set(id, log.length - 1);
  }
  for (const id of [...ids, ...probes]) {
    if (index.positionOf(id) !== reference.get(id)) wrong.push(`${id} at ${index.positionOf(id)}`);
  }
  expect(wrong).toEqual([]);
  return index;
}

describe('memory store id index', () => {
  it('finds every id it was given, across many doublings, and no other', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), { minLength: 0, maxLength: 2_000 }),
        fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 200 }),
        (ids, probes) => void checkAgainstMap(ids, probes),
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps 100,000 ids shaped like billing ids, past the first table by far', () => {
    const ids = Array.from({ length: 100_000 }, (_, n) => `session:${n % 977}:${n}`);
    const index = checkAgainstMap(ids, ['session:0:100000', 'session:1', '']);
    expect(index.usesMap).toBe(false);
  });

  it('moves to a Map, answering the same, when every id lands in one slot', () => {
    const ids = Array.from({ length: 1_000 }, (_, n) => `crafted:${n}`);
    const index = checkAgainstMap(ids, ['crafted:1000', 'other'], () => 7);
    expect(index.usesMap).toBe(true);
  });

  it('moves to a Map when ids crowd one stretch of the table', () => {
    // A few hundred homes side by side: fine at first, then one insert probes too far.
    const ids = Array.from({ length: 3_000 }, (_, n) => `id:${n}`);
    const index = checkAgainstMap(ids, ['id:3000'], (id) => Number(id.slice(3)) % 300);
    expect(index.usesMap).toBe(true);
  });

  it('spreads ids over the table whatever the seed, and a seed changes the hashes', () => {
    const slots = new Set(Array.from({ length: 1_000 }, (_, n) => seededHash(`t:${n}`, 12_345) & 1_023));
    expect(slots.size).toBeGreaterThan(500);
    expect(seededHash('t:1', 1)).not.toBe(seededHash('t:1', 2));
  });
});

describe('memory store requests rebuilt from the ledger', () => {
  const setUp = async () => {
    const store = createMemoryWalletStore();
    const wallet = createWallet({ store });
    await wallet.openSystemAccounts();
    for (const id of ['user:a', 'user:b']) await wallet.openAccount({ id, type: 'user' });
    await wallet.openAccount({ id: 'consultant:c', type: 'consultant' });
    return { store, wallet };
  };

  it('stores the exact request of a transfer and a top-up, metadata and source included', async () => {
    const { store, wallet } = await setUp();
    await wallet.topUp({ id: 'fund', to: 'user:a', amount: 500, source: SYSTEM_ACCOUNTS.promotions });
    await wallet.transfer({ id: 'move', from: 'user:a', to: 'user:b', amount: 200, metadata: { note: 'gift' } });
    await wallet.splitCharge({ id: 'split', from: 'user:b', to: 'consultant:c', amount: 100, commissionBps: 1_000 });
    expect((await store.getTransaction('fund'))?.request).toEqual({
      kind: 'topup',
      source: SYSTEM_ACCOUNTS.promotions,
      to: 'user:a',
      amount: 500,
      metadata: {},
    });
    expect((await store.getTransaction('move'))?.request).toEqual({
      kind: 'transfer',
      from: 'user:a',
      to: 'user:b',
      amount: 200,
      metadata: { note: 'gift' },
    });
    expect((await store.getTransaction('split'))?.request).toMatchObject({ kind: 'split', commissionBps: 1_000 });
  });

  it('replays a transfer or top-up only for the same request, field by field', async () => {
    const { wallet } = await setUp();
    const topUp = { id: 'fund', to: 'user:a', amount: 500, metadata: { order: 'o1' } };
    const transfer = { id: 'move', from: 'user:a', to: 'user:b', amount: 200, metadata: { note: 'gift' } };
    const firstTopUp = await wallet.topUp(topUp);
    const firstTransfer = await wallet.transfer(transfer);
    expect(await wallet.topUp({ ...topUp, metadata: { order: 'o1' } })).toEqual(firstTopUp);
    expect(await wallet.transfer({ ...transfer })).toEqual(firstTransfer);
    const conflicts = [
      () => wallet.topUp({ ...topUp, amount: 501 }),
      () => wallet.topUp({ ...topUp, metadata: { order: 'o2' } }),
      () => wallet.topUp({ ...topUp, source: SYSTEM_ACCOUNTS.promotions }),
      () => wallet.topUp({ ...topUp, id: 'move', to: 'user:b', amount: 200, metadata: { note: 'gift' } }),
      () => wallet.transfer({ ...transfer, to: 'consultant:c' }),
      () => wallet.transfer({ ...transfer, metadata: {} }),
      () => wallet.transfer({ ...transfer, id: 'fund', from: SYSTEM_ACCOUNTS.funding, to: 'user:a', amount: 500 }),
    ];
    for (const conflict of conflicts) await expect(conflict()).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect(await wallet.verify()).toMatchObject({ ok: true });
    expect((await wallet.getAccount('user:b'))?.balance).toBe(200);
  });
});

describe('memory store synchronous commits', () => {
  it('commits transfers without waiting on the store, and a bad one still rejects rather than throws', async () => {
    const store = createMemoryWalletStore();
    const wallet = createWallet({ store });
    await wallet.openSystemAccounts();
    for (const id of ['user:a', 'user:b']) await wallet.openAccount({ id, type: 'user' });
    await wallet.topUp({ id: 'fund', to: 'user:a', amount: 100 });
    const awaited = vi.spyOn(store, 'commit');
    const committed: string[] = [];
    wallet.on('transaction', (transaction) => committed.push(transaction.id));

    const first = await wallet.transfer({ id: 'move', from: 'user:a', to: 'user:b', amount: 60 });
    expect(await wallet.transfer({ id: 'move', from: 'user:a', to: 'user:b', amount: 60 })).toEqual(first);
    const overdraw = wallet.transfer({ id: 'again', from: 'user:a', to: 'user:b', amount: 60 });
    const malformed = wallet.transfer({ id: 'bad', from: 'user:a', to: 'user:a', amount: 1 });
    await expect(overdraw).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    await expect(malformed).rejects.toMatchObject({ code: 'SAME_ACCOUNT' });
    expect(committed).toEqual(['move']);
    expect(awaited).not.toHaveBeenCalled();
    expect(await wallet.verify()).toMatchObject({ ok: true });
  });

  it('commits through the awaited method when the store is measured', async () => {
    const store = createMemoryWalletStore();
    const wallet = createWallet({ store, metrics: noopMetrics });
    await wallet.openSystemAccounts();
    await wallet.openAccount({ id: 'user:a', type: 'user' });
    const awaited = vi.spyOn(store, 'commit');
    await wallet.topUp({ id: 'fund', to: 'user:a', amount: 100 });
    expect(awaited).toHaveBeenCalledTimes(1);
  });
});
