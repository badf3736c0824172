import { randomUUID } from 'node:crypto';
import { isJyotishError } from '@jyotishconnect/core';
import { describeWithMongo } from '@jyotishconnect/core/testing/suites';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createMongoWalletStore } from '@jyotishconnect/wallet-store/mongodb';
import { walletStoreContract } from '@jyotishconnect/wallet-store/testing';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, expect, it } from 'vitest';

describeWithMongo('mongodb', (mongoUri) => {
  const client = new MongoClient(mongoUri);
  afterAll(() => client.close());

  /** A migrated store in a database of its own, so tests never see each other's books. */
  async function storeInFreshDb(on: MongoClient = client) {
    const db = on.db(`jc_test_${randomUUID().replaceAll('-', '').slice(0, 20)}`);
    const store = createMongoWalletStore({ client: on, db });
    await store.migrate();
    return { store, db, close: async () => void (await db.dropDatabase()) };
  }

  // Each operation is a few round trips inside a transaction: fewer randomized runs keep the suite under a minute.
  walletStoreContract('mongodb', storeInFreshDb, { propertyRuns: 15 });

  it('migrating twice leaves one set of indexes', async () => {
    const { store, db, close } = await storeInFreshDb();
    await store.migrate();
    const statement = await db.collection('jc_wallet_postings').indexes();
    expect(statement.map((index) => index.name).sort()).toEqual(['_id_', 'statement']);
    await close();
  });

  it('stores every amount as int64, never as a double', async () => {
    const { store, db, close } = await storeInFreshDb();
    const wallet = createWallet({ store });
    await wallet.openSystemAccounts();
    await wallet.openAccount({ id: 'user:asha', type: 'user' });
    await wallet.topUp({ id: 'order:1', to: 'user:asha', amount: 2 ** 40 });
    await wallet.placeHold({ id: 'h1', accountId: 'user:asha', amount: 3, expiresAt: Date.now() + 60_000 });
    const notLong = { $not: { $type: 'long' } };
    expect(await countWhere(db, 'balances', { $or: [{ amount: notLong }, { held: notLong }] })).toBe(0);
    expect(await countWhere(db, 'postings', { amount: notLong })).toBe(0);
    expect(await countWhere(db, 'transactions', { postings: { $elemMatch: { amount: notLong } } })).toBe(0);
    expect(await countWhere(db, 'holds', { amount: notLong })).toBe(0);
    expect((await wallet.getAccount('user:asha'))?.available).toBe(2 ** 40 - 3);
    await close();
  });

  it('four clients racing debits on one wallet never overdraw and the running balance chains', async () => {
    const { store, db, close } = await storeInFreshDb();
    const setup = createWallet({ store });
    await setup.openSystemAccounts();
    await setup.openAccount({ id: 'user:payer', type: 'user' });
    await setup.openAccount({ id: 'consultant:guru', type: 'consultant' });
    await setup.topUp({ id: 'fund', to: 'user:payer', amount: 20_000 });

    const clients = Array.from({ length: 4 }, () => new MongoClient(mongoUri));
    const wallets = clients.map((each) =>
      createWallet({ store: createMongoWalletStore({ client: each, db: db.databaseName }) }),
    );
    try {
      const amounts = Array.from({ length: 60 }, (_, i) => 200 + ((i * 7919) % 900));
      const outcomes = await Promise.allSettled(
        amounts.map((amount, i) =>
          (wallets[i % wallets.length] ?? setup).splitCharge({
            id: `debit:${i}`,
            from: 'user:payer',
            to: 'consultant:guru',
            amount,
            commissionBps: 1_500,
          }),
        ),
      );
      const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(failures.filter((error) => !isJyotishError(error, 'INSUFFICIENT_FUNDS'))).toEqual([]);
      const charged = amounts.filter((_, i) => outcomes[i]?.status === 'fulfilled').reduce((a, b) => a + b, 0);
      expect((await setup.getAccount('user:payer'))?.balance).toBe(20_000 - charged);

      // Newest first: each line's balance is the older line's balance plus its amount.
      const lines = (await setup.statement('user:payer', { limit: 500 })).entries;
      lines.forEach((line, i) => {
        const older = lines[i + 1];
        expect(line.balanceAfter).toBe((older?.balanceAfter ?? 0) + line.amount);
      });
      expect(await setup.verify()).toMatchObject({ ok: true, total: 0 });
    } finally {
      await Promise.all(clients.map((each) => each.close()));
      await close();
    }
  });
});

async function countWhere(db: Db, collection: string, filter: object): Promise<number> {
  return await db.collection(`jc_wallet_${collection}`).countDocuments(filter);
}
