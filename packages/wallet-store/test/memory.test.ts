import {
  createWallet,
  type LedgerEntry,
  SYSTEM_ACCOUNTS,
  type Transaction,
  type WriteOutcome,
} from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore, MemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { walletStoreContract } from '@jyotishconnect/wallet-store/testing';
import { describe, expect, it } from 'vitest';
import { NumberColumn } from '../src/adapters/memory/column.js';

walletStoreContract('memory', async () => ({ store: createMemoryWalletStore() }), { propertyRuns: 200 });

describe('memory store ledger columns', () => {
  it('keeps thousands of transactions readable after its columns grow', async () => {
    const wallet = createWallet({ store: createMemoryWalletStore() });
    await wallet.openSystemAccounts();
    const users = ['user:a', 'user:b', 'user:c'];
    for (const id of users) {
      await wallet.openAccount({ id, type: 'user' });
      await wallet.topUp({ id: `fund:${id}`, to: id, amount: 1_000_000, metadata: { order: id } });
    }
    await wallet.openAccount({ id: 'consultant:x', type: 'consultant' });
    const expected = [];
    for (let n = 0; n < 3_000; n++) {
      const from = users[n % 3] as string;
      const id = `charge:${n}`;
      expected.push(
        n % 2 === 0
          ? await wallet.transfer({ id, from, to: users[(n + 1) % 3] as string, amount: 1 + (n % 7) })
          : await wallet.splitCharge({ id, from, to: 'consultant:x', amount: 100 + n, commissionBps: 1_500 }),
      );
    }

    for (const transaction of expected) expect(await wallet.getTransaction(transaction.id)).toEqual(transaction);
    const lines = [];
    let cursor: string | undefined;
    do {
      const page = await wallet.statement('consultant:x', { limit: 500, ...(cursor ? { cursor } : {}) });
      lines.push(...page.entries);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(lines.map((line) => line.transactionId)).toEqual(
      expected
        .filter((transaction) => transaction.kind === 'split')
        .map((transaction) => transaction.id)
        .reverse(),
    );
    expect(lines.at(-1)?.balanceAfter).toBe(lines.at(-1)?.amount);
    expect((await wallet.getAccount('consultant:x'))?.balance).toBe(lines[0]?.balanceAfter);
    expect((await wallet.statement('user:a', { limit: 1 })).entries).toHaveLength(1);
    expect(
      (await wallet.statement(SYSTEM_ACCOUNTS.funding, { limit: 500 })).entries.map((line) => line.metadata),
    ).toEqual([...users].reverse().map((order) => ({ order })));
    expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
  });
});

describe('memory store number column', () => {
  it('reads back every value across the doubling first chunk and the fixed chunks after it', () => {
    const column = new NumberColumn();
    // Paise, positions and timestamps alike: small integers and the largest safe ones.
    const valueAt = (i: number) => (i % 2 === 0 ? i * 7 : Number.MAX_SAFE_INTEGER - i);
    // Four and a half chunks of 16,384 cells: the first grows from 64, the rest are added whole.
    const count = 16_384 * 4 + 8_192;
    for (let i = 0; i < count; i++) column.push(valueAt(i));
    expect(column.length).toBe(count);
    const wrong = [];
    for (let i = 0; i < count; i++) if (column.at(i) !== valueAt(i)) wrong.push(i);
    expect(wrong).toEqual([]);
  });
});

describe('memory store commitNow', () => {
  /** A memory store that counts the promise-returning commits the wallet makes on it. */
  class CountingStore extends MemoryWalletStore {
    commits = 0;
    override async commit(entry: LedgerEntry): Promise<WriteOutcome<Transaction>> {
      this.commits++;
      return await super.commit(entry);
    }
  }

  it('settles every commit, captures included, without a promise from the store', async () => {
    const store = new CountingStore();
    const wallet = createWallet({ store });
    await wallet.openSystemAccounts();
    await wallet.openAccount({ id: 'user:a', type: 'user' });
    await wallet.openAccount({ id: 'consultant:x', type: 'consultant' });
    const seen: string[] = [];
    wallet.on('transaction', (transaction) => seen.push(transaction.id));
    await wallet.topUp({ id: 'fund', to: 'user:a', amount: 10_000 });
    await wallet.transfer({ id: 'move', from: 'user:a', to: 'consultant:x', amount: 100 });
    await wallet.placeHold({ id: 'h1', accountId: 'user:a', amount: 500, expiresAt: Date.now() + 60_000 });
    const capture = {
      id: 'h1',
      holdId: 'h1',
      amount: 400,
      commission: 40,
      to: 'consultant:x',
      platform: SYSTEM_ACCOUNTS.revenue,
    };
    const captured = await wallet.captureHold(capture);
    // A replay answers with what it committed; another request under the id is refused.
    expect(await wallet.captureHold(capture)).toEqual(captured);
    await expect(wallet.captureHold({ ...capture, amount: 300 })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });

    expect(store.commits).toBe(0);
    expect(seen).toEqual(['fund', 'move', 'h1']);
    expect((await wallet.getAccount('user:a'))?.balance).toBe(10_000 - 100 - 400);
    expect((await wallet.getHold('h1'))?.status).toBe('captured');
  });
});
