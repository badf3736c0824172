import { noopMetrics } from '@jyotishconnect/core';
import { createWallet, SYSTEM_ACCOUNTS } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CellArena } from '../src/adapters/memory/cell-arena.js';
import { IdIndex, seededHash } from '../src/adapters/memory/id-index.js';
import { IdText } from '../src/adapters/memory/id-text.js';
import { MetadataColumn } from '../src/adapters/memory/metadata-column.js';
import { StatementLines } from '../src/adapters/memory/statement-lines.js';

const RUNS = Number(process.env.ID_INDEX_RUNS ?? 30);

/** Adds `ids` (distinct) to a fresh index in order, as the log does, and checks every answer against a `Map`. */
function checkAgainstMap(ids: readonly string[], probes: readonly string[], hash?: (id: string) => number): IdIndex {
  const log = new IdText();
  const index = new IdIndex(log, hash);
  const reference = new Map<string, number>();
  const wrong: string[] = [];
  for (const [k, id] of ids.entries()) {
    if (index.positionOf(id) !== undefined) wrong.push(`${id} found before it was added`);
    log.push(id);
    index.add(id, log.length - 1);
    reference.set(id, log.length - 1);
    // Ids added long before, found while a doubling is still moving the table over.
    for (const earlier of [ids[k >> 1], ids[k >> 3]] as string[]) {
      if (index.positionOf(earlier) !== reference.get(earlier)) wrong.push(`${earlier} lost after ${k} adds`);
    }
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

describe('memory store id text', () => {
  it('gives back every id exactly, whatever its UTF-16 units and length, across chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), { maxLength: 500 }),
        fc.integer({ min: 0, max: 70_000 }),
        (ids, long) => {
          const text = new IdText();
          // A long id between the others: it takes a chunk of its own once it no longer fits.
          const all = [...ids.slice(0, 250), 'x'.repeat(long) || 'y', ...ids.slice(250)];
          for (const id of all) text.push(id);
          expect(text.length).toBe(all.length);
          const wrong = all.filter((id, position) => text.at(position) !== id || !text.matches(position, id));
          expect(wrong).toEqual([]);
          const mismatched = all.filter(
            (id, position) => text.matches(position, `${id}!`) || text.matches(position, id.slice(1) || '?'),
          );
          expect(mismatched).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('starts the next chunk with the id that no longer fits the last one', () => {
    const text = new IdText();
    const ids = Array.from({ length: 1_000 }, (_, n) => `${'é'.repeat(100)}:${n}`);
    for (const id of ids) text.push(id);
    expect(ids.every((id, position) => text.at(position) === id && text.matches(position, id))).toBe(true);
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

  it('reads accounts and places and captures holds without a wrapper, bad input still rejecting rather than throwing', async () => {
    const wallet = createWallet({ store: createMemoryWalletStore() });
    const calls = [
      () => wallet.getAccount(''),
      () => wallet.placeHold({ id: 'h', accountId: 'user:a', amount: -1, expiresAt: Date.now() + 1_000 }),
      () => wallet.captureHold({ id: 'c', holdId: '', to: 'user:b' }),
    ];
    for (const call of calls) {
      let pending: Promise<unknown> | undefined;
      expect(() => {
        pending = call();
      }).not.toThrow();
      await expect(pending).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
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

describe('memory store cell arena and statement lines', () => {
  it('keeps every line of many accounts growing side by side in shared buffers', () => {
    const arena = new CellArena();
    // 300 accounts written to in turn, each to its own length: past the first chunk's doublings,
    // across whole chunks and across the arena's buffers.
    const accounts = Array.from({ length: 300 }, (_, a) => new StatementLines(a % 2 === 0, arena));
    const lengths = accounts.map((_, a) => (a * 37) % 2_300);
    const sequenceOf = (a: number, i: number) => a * 1_000_000 + i;
    for (let i = 0; i < 2_300; i++) {
      accounts.forEach((lines, a) => {
        if (i < (lengths[a] as number)) lines.push(sequenceOf(a, i), i, a + i, 0);
      });
    }
    const wrong: string[] = [];
    accounts.forEach((lines, a) => {
      const length = lengths[a] as number;
      if (lines.length !== length) wrong.push(`account ${a} has ${lines.length} lines`);
      for (let i = 0; i < length; i++)
        if (lines.sequenceAt(i) !== sequenceOf(a, i)) wrong.push(`account ${a} line ${i}`);
      if (lines.total() !== length * a + (length * (length - 1)) / 2) wrong.push(`account ${a} total`);
      if (length > 0 && lines.lastIndexBefore(sequenceOf(a, length)) !== length - 1) wrong.push(`account ${a} search`);
    });
    expect(wrong).toEqual([]);
  });

  it('hands out fresh cells, a copy first when asked, and never the same cells twice', () => {
    const arena = new CellArena();
    const small = arena.take(4);
    arena.setFour(small, 1, 2, 3, 4);
    const grown = arena.take(8, small, 4);
    const cells = (address: number, count: number) => Array.from({ length: count }, (_, i) => arena.at(address + i));
    expect(cells(grown, 8)).toEqual([1, 2, 3, 4, 0, 0, 0, 0]);
    // Larger than what is left of the first buffer: a new one, the copy made across buffers.
    const large = arena.take(131_065, grown, 8);
    expect(Math.floor(large / 131_072)).toBe(1);
    expect(cells(large, 9)).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 0]);
    arena.setFour(grown, 9, 9, 9, 9);
    expect(cells(small, 4)).toEqual([1, 2, 3, 4]);
    expect(arena.at(large)).toBe(1);
    expect(() => arena.take(131_073)).toThrow(RangeError);
  });
});

describe('memory store metadata column', () => {
  const value = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  // Few key names, so shapes repeat, reorder and come back after others.
  const metadata = fc.dictionary(fc.constantFrom('sessionId', 'interval', 'note', '7', 'a b', ''), value, {
    maxKeys: 4,
  });

  it('gives back every metadata object, keys in order, whatever shapes come and go', () => {
    fc.assert(
      fc.property(fc.array(metadata, { maxLength: 200 }), (all) => {
        const column = new MetadataColumn();
        for (const each of all) column.push(each);
        all.forEach((each, position) => {
          const read = column.at(position);
          expect(read).toEqual(each);
          expect(Object.keys(read)).toEqual(Object.keys(each));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps metadata whole past its shape limit, and a read is a copy the caller may change', () => {
    const column = new MetadataColumn();
    const many = Array.from({ length: 5_000 }, (_, i) => ({ [`key${i}`]: i, shared: 'x' }));
    for (const each of many) column.push(each);
    column.push({ key0: 1, shared: 'y' });
    expect(many.every((each, position) => JSON.stringify(column.at(position)) === JSON.stringify(each))).toBe(true);
    expect(column.at(5_000)).toEqual({ key0: 1, shared: 'y' });
    const read = column.at(4_999);
    (read as Record<string, unknown>).shared = 'changed';
    expect(column.at(4_999)).toEqual({ key4999: 4_999, shared: 'x' });
    expect(many[4_999]).toEqual({ key4999: 4_999, shared: 'x' });
  });
});
